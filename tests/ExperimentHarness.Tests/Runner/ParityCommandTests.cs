using System.Text.Json;
using System.Text.Json.Nodes;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

/// <summary>
/// The <c>parity</c> verb, which the GPU device kit runs where no test runner exists: it passes a real transformers
/// fixture within the parity tests' bound, fails (exit 8) when the reference logits are off, and names bad folders.
/// </summary>
public class ParityCommandTests
{
    private static readonly string Fixtures = Path.Combine(TestPaths.RepoRoot, "tests", "ExperimentHarness.Tests", "Models", "Parity");

    [Fact]
    public async Task LlamaFixturePassesOnCpuAndTheJsonRecordsEveryPrompt()
    {
        var dir = TestPaths.NewTempDirectory();
        var json = Path.Combine(dir, "parity.json");
        var console = new CapturingConsole();
        var code = await CliHost.RunAsync(["parity", "--fixtures", Path.Combine(Fixtures, "llama"), "--json", json], console);
        Assert.True(code == ExitCodes.Success, string.Join("\n", console.Lines.Concat(console.Errors)));
        var result = JsonNode.Parse(File.ReadAllText(json))!.AsArray().Single()!;
        Assert.Equal("llama", (string?)result["fixture"]);
        Assert.True((bool)result["passed"]!);
        Assert.Equal(FixtureParity.Float32Tolerance, (double)result["tolerance"]!);
        Assert.InRange((double)result["worst_abs_logit_diff"]!, 0, FixtureParity.Float32Tolerance);
        var cases = result["cases"]!.AsArray();
        Assert.NotEmpty(cases);
        Assert.All(cases, c => Assert.True((bool)c!["ids_match"]! && (bool)c["greedy_matches"]!));
        Assert.Contains(console.Lines, l => l.StartsWith("llama", StringComparison.Ordinal) && l.EndsWith("-> pass", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ShiftedReferenceLogitFailsWithParityExitCode()
    {
        var dir = TestPaths.NewTempDirectory();
        var copy = Path.Combine(dir, "llama");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Path.Combine(Fixtures, "llama")))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        var fixture = JsonNode.Parse(File.ReadAllText(Path.Combine(copy, "fixture.json")))!;
        var logits = fixture["cases"]![0]!["last_logits"]!.AsArray();
        logits[0] = (float)logits[0]! + 0.01f;   // 100× the float32 bound
        File.WriteAllText(Path.Combine(copy, "fixture.json"), fixture.ToJsonString());

        var json = Path.Combine(dir, "parity.json");
        var console = new CapturingConsole();
        Assert.Equal(ExitCodes.ParityMismatch, await CliHost.RunAsync(["parity", "--fixtures", dir, "--json", json], console));
        var result = JsonNode.Parse(File.ReadAllText(json))!.AsArray().Single()!;
        Assert.False((bool)result["passed"]!);
        Assert.InRange((double)result["cases"]![0]!["max_abs_logit_diff"]!, 0.009, 0.011);
        Assert.Contains(console.Lines, l => l.EndsWith("-> FAIL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FolderWithoutFixturesIsAnInputErrorAndAMissingOneIsNotFound()
    {
        var dir = TestPaths.NewTempDirectory();
        var console = new CapturingConsole();
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["parity", "--fixtures", dir], console));
        Assert.Contains(console.Errors, e => e.Contains(dir) && e.Contains("fixture.json"));
        Assert.Equal(ExitCodes.NotFound, await CliHost.RunAsync(["parity", "--fixtures", Path.Combine(dir, "absent")], console));
        Assert.Equal(ExitCodes.Usage, await CliHost.RunAsync(["parity", "--fixtures", dir, "--dtype", "float16"], console));
    }
}
