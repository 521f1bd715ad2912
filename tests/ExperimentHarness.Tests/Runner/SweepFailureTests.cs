using System.Text.Json;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

/// <summary>A failing cell (checkpoint, benchmark data, memory) is recorded with its reason while the other cells run.</summary>
public class SweepFailureTests
{
    private const string Config = """
        models:
          - {path: ./m1}
          - {path: ./m2}
        benchmarks:
          - {name: toy, limit: 3}
          - {name: other, limit: 3}
        stacks: [[], [cot]]
        output: {dir: out}
        """;

    [Fact]
    public void BrokenCheckpointFailsOnlyItsCells()
    {
        var (result, dir, console) = Run(models: engine => new BrokenCheckpointLoader(new FakeModelLoader(engine), "/m2"));
        Assert.Equal(4, result.Failed.Count);
        Assert.All(result.Failed, f => Assert.Contains("checkpoint did not load: ", f.Failure));
        Assert.All(result.Failed, f => Assert.Equal("m2", f.Cell.ModelName));
        Assert.Equal(4, result.Summaries.Count(s => s.Complete));
        AssertRecorded(dir, result, console);
    }

    [Fact]
    public void BenchmarkThatFailsVerificationFailsOnlyItsCells()
    {
        var (result, dir, console) = Run(benchmarks: new BrokenDataLoader(new FakeBenchmarkLoader(5), "other"));
        Assert.Equal(4, result.Failed.Count);
        Assert.All(result.Failed, f => Assert.StartsWith("benchmark other: ", f.Failure));
        Assert.All(result.Failed, f => Assert.Contains("sha256 does not match", f.Failure));
        Assert.Equal(4, result.Summaries.Count(s => s.Complete));
        AssertRecorded(dir, result, console);
    }

    [Fact]
    public void OutOfMemoryThatHalvingCannotFixFailsOnlyThatCell()
    {
        // The engine gives up (as TorchGenerationEngine does when one prompt's samples alone do not fit) on every CoT prompt.
        var (result, dir, console) = Run(models: engine => new FakeModelLoader(new ThrowingOnCot(engine)));
        Assert.Equal(4, result.Failed.Count);
        Assert.All(result.Failed, f => Assert.EndsWith("/cot", f.Cell.Key));
        Assert.All(result.Failed, f => Assert.Contains("out of device memory", f.Failure));
        Assert.Equal(4, result.Summaries.Count(s => s.Complete));
        AssertRecorded(dir, result, console);
    }

    private static void AssertRecorded(string dir, SweepResult result, CapturingConsole console)
    {
        Assert.Equal(ExitCodes.CellsFailed, ExperimentHarness.Runner.Commands.RunCommand.ExitCode(result));
        using var sweep = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "sweep.json")));
        var cells = sweep.RootElement.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(8, cells.Count);
        var failed = cells.Where(c => c.GetProperty("state").GetString() == "failed").ToList();
        Assert.Equal(result.Failed.Select(f => f.Cell.Key), failed.Select(c => c.GetProperty("key").GetString()));
        Assert.All(failed, c => Assert.False(string.IsNullOrEmpty(c.GetProperty("failure").GetString())));
        Assert.All(cells.Except(failed), c => Assert.Equal("complete", c.GetProperty("state").GetString()));
        // The final table marks each failed cell, and stderr names them all.
        Assert.All(result.Failed, f => Assert.Contains(console.Lines, l => l.TrimStart().StartsWith(f.Cell.Key + " ") && l.Contains("failed")));
        Assert.Contains(console.Errors, e => e.StartsWith($"{result.Failed.Count} of 8 cells failed: "));
    }

    private static (SweepResult Result, string Dir, CapturingConsole Console) Run(
        Func<ScriptedEngine, ExperimentHarness.Runner.IModelLoader>? models = null, ExperimentHarness.Runner.IBenchmarkLoader? benchmarks = null)
    {
        var dir = TestPaths.NewTempDirectory();
        var config = Path.Combine(dir, "s.yaml");
        File.WriteAllText(config, Config);
        var engine = new ScriptedEngine((_, _) => "The answer is 100.");
        var console = new CapturingConsole();
        var job = new RunJob(models?.Invoke(engine) ?? new FakeModelLoader(engine), benchmarks ?? new FakeBenchmarkLoader(5), console, inspector: new FakeCheckpointInspector());
        return (job.Sweep(config, new RunOverrides(null, null, null, null), new SweepOptions(), CancellationToken.None), dir, console);
    }

    private sealed class ThrowingOnCot(ExperimentHarness.Foundation.IGenerationEngine inner) : ExperimentHarness.Foundation.IGenerationEngine
    {
        public IEnumerable<ExperimentHarness.Foundation.GenerationResult> Generate(IReadOnlyList<ExperimentHarness.Foundation.GenerationRequest> requests, CancellationToken ct) =>
            requests.Any(r => r.Prompt.Contains(ExperimentHarness.Enhancements.ChainOfThought.DefaultTrigger, StringComparison.Ordinal))
                ? throw new InsufficientMemoryException("out of device memory with 1 sample row")
                : inner.Generate(requests, ct);
    }
}
