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
    /// Runner is the top layer: nothing below it imports it. Foundation (errors, hashing, atomic files) imports nothing of the
    /// project. Training sits beside Models/Engine: it never reaches up to the store, the fitter, the report or the CLI.
    /// </summary>
    [Theory]
    [InlineData("Foundation", @"\bExperimentHarness\.")]
    [InlineData("Config", @"\bExperimentHarness\.Runner\b")]
    [InlineData("Benchmarks", @"\bExperimentHarness\.Runner\b")]
    [InlineData("Enhancements", @"\bExperimentHarness\.Runner\b")]
    [InlineData("Models", @"\bExperimentHarness\.Runner\b")]
    [InlineData("Engine", @"\bExperimentHarness\.Runner\b")]
    [InlineData("Scoring", @"\bExperimentHarness\.Runner\b")]
    [InlineData("Store", @"\bExperimentHarness\.Runner\b")]
    [InlineData("Fitter", @"\bExperimentHarness\.Runner\b")]
    [InlineData("Report", @"\bExperimentHarness\.Runner\b")]
    [InlineData("Training", @"\bExperimentHarness\.(Runner|Store|Fitter|Report)\b|\bRunner\.")]
    public void ImportsPointDownThePipeline(string folder, string forbidden)
    {
        var dir = Path.Combine(TestPaths.RepoRoot, "src", "ExperimentHarness", folder);
        var pattern = new Regex(forbidden);
        var offenders = Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(x => (x.line.StartsWith("using ", StringComparison.Ordinal) || x.line.Contains("ExperimentHarness.", StringComparison.Ordinal) || x.line.Contains("Runner.", StringComparison.Ordinal))
                        && !x.line.TrimStart().StartsWith("namespace ", StringComparison.Ordinal) && !x.line.TrimStart().StartsWith("///", StringComparison.Ordinal)
                        && pattern.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(TestPaths.RepoRoot, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "imports against the pipeline's direction:\n" + string.Join("\n", offenders));
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
