using System.Text.RegularExpressions;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests;

/// <summary>
/// Pins the one-way data flow (STYLE.md §1): the logic stages that must be testable without a model
/// never mention TorchSharp or the model code.
/// </summary>
public class ArchitectureTests
{
    [Theory]
    [InlineData("Enhancements")]
    [InlineData("Scoring")]
    [InlineData("Benchmarks")]
    [InlineData("Fitter")]
    [InlineData("Report")]
    [InlineData("Config")]
    [InlineData("Store")]
    public void StageDoesNotReferenceTorchOrModels(string folder)
    {
        var dir = Path.Combine(TestPaths.RepoRoot, "src", "ExperimentHarness", folder);
        Assert.True(Directory.Exists(dir), $"missing folder {dir}");
        var forbidden = new Regex(@"\bTorchSharp\b|\bExperimentHarness\.Models\b|\btorch\.");
        var offenders = Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(x => forbidden.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(TestPaths.RepoRoot, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "forbidden references:\n" + string.Join("\n", offenders));
    }

    /// <summary>
    /// The layers from the bottom up (docs/ARCHITECTURE.md): a namespace may use only namespaces before it in this list.
    /// Checked on the compiled assembly, so every reference counts, however it is spelt. A new top-level namespace fails
    /// here until it is given its place.
    /// </summary>
    public static readonly string[] Layers =
        ["Foundation", "Config", "Benchmarks", "Scoring", "Enhancements", "Models", "Engine", "Training", "Store", "Fitter", "Report", "Runner"];

    [Fact]
    public void EveryReferenceBetweenNamespacesPointsDownTheLayers()
    {
        var assembly = typeof(ExperimentHarness.Foundation.Flops).Assembly;
        var offenders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var user = LayerOf(type);
            if (user is null) continue;
            var userRank = Array.IndexOf(Layers, user);
            if (userRank < 0)
            {
                offenders.Add($"{type.FullName}: namespace {user} has no place in the layer list");
                continue;
            }
            foreach (var used in TypeReferences.Of(type).Where(t => t.Assembly == assembly))
            {
                var layer = LayerOf(used);
                if (layer is not null && layer != user && Array.IndexOf(Layers, layer) > userRank)
                    offenders.Add($"{Outer(type).FullName} ({user}) uses {Outer(used).FullName} ({layer})");
            }
        }
        Assert.True(offenders.Count == 0, "references against the layers' direction:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void TheGraphCheckSeesReferencesInMethodBodies()
    {
        // A Runner type named only inside a method body (not in any signature): found only by reading the IL.
        var seen = TypeReferences.Of(typeof(BodyOnlyReference));
        Assert.Contains(typeof(ExperimentHarness.Runner.ExitCodes), seen);
    }

    private static class BodyOnlyReference
    {
        public static string Read() => typeof(ExperimentHarness.Runner.ExitCodes).Name;
    }

    private static string? LayerOf(Type type)
    {
        var ns = Outer(type).Namespace;
        const string Root = "ExperimentHarness.";
        if (ns is null || !ns.StartsWith(Root, StringComparison.Ordinal)) return null;
        var rest = ns[Root.Length..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    private static Type Outer(Type type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    [Fact]
    public void NoCatchAllTypeNames()
    {
        var src = Path.Combine(TestPaths.RepoRoot, "src");
        var bad = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => Regex.IsMatch(n!, "(Utils|Helpers?|Manager|Common)$"))
            .ToList();
        Assert.Empty(bad);
    }
}
