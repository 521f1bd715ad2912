using ExperimentHarness.Config;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

public class SweepPlanTests
{
    private const string TwoBenchmarks = """
        models:
          - {path: ./m1}
          - {path: ./m3}
        benchmarks:
          - {name: toy, limit: 4}
          - {name: toy, label: toy-train, split: train, limit: 6}
        stacks: [[], ["majority(n=3)"]]
        output: {dir: out}
        """;

    [Fact]
    public void ConfigListsBenchmarksEachWithItsSplitAndLimit()
    {
        var config = RunConfigReader.Parse(TwoBenchmarks, "/cfg/n.yaml");
        Assert.Equal([("toy", "test", (int?)4, (string?)null), ("toy", "train", 6, "toy-train")],
            config.Benchmarks.Select(b => (b.Name, b.Split, b.Limit, b.Label)));
        Assert.True(config.IsSweep);
        Assert.Same(config.Benchmarks[0], config.Benchmark);

        var single = RunConfigReader.Parse("model: {path: a}\nbenchmark: {name: toy}\n", "/cfg/x.yaml");
        Assert.Single(single.Benchmarks);
        Assert.False(single.IsSweep);

        var both = Assert.Throws<ConfigException>(() => RunConfigReader.Parse("model: {path: a}\nbenchmark: {name: toy}\nbenchmarks: [{name: toy}]\n", "/cfg/x.yaml"));
        Assert.Contains(both.Problems, p => p.Key == "benchmark" && p.Got == "both");
        var same = Assert.Throws<ConfigException>(() => RunConfigReader.Parse("model: {path: a}\nbenchmarks: [{name: toy}, {name: toy}]\n", "/cfg/x.yaml"));
        Assert.Contains(same.Problems, p => p.Got == "'toy-test-generate' twice");
    }

    [Fact]
    public void DryRunPrintsEveryCellWithItsEstimateAndWritesNothing()
    {
        var dir = TestPaths.NewTempDirectory();
        var config = Path.Combine(dir, "n.yaml");
        File.WriteAllText(config, TwoBenchmarks);
        var console = new CapturingConsole();
        var engine = new ScriptedEngine((_, _) => "The answer is 1.");
        var result = Job(engine, console).Sweep(config, new RunOverrides(null, null, null, null), new SweepOptions(DryRun: true), CancellationToken.None);

        Assert.Empty(engine.Seen);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
        Assert.Equal(8, result.Plan.Cells.Count);
        Assert.Contains("plan: 2 benchmark(s) × 2 model(s) × 2 stack(s) = 8 cells, 40 items", console.Lines[0]);
        Assert.Contains(console.Lines, l => l.Contains("toy-train/m3/majority(n=3)") && l.Contains("not started"));
        Assert.Contains(console.Lines, l => l.StartsWith("estimate: ") && l.Contains("no measured throughput yet"));
        // The ledger sets the estimates: three samples cost more than one, a wider model more than a narrower one.
        double Estimate(string key) => result.Plan.Cells.Single(c => c.Key == key).EstimatedFlops!.Value;
        Assert.True(Estimate("toy/m1/majority(n=3)") > Estimate("toy/m1/none"));
        Assert.True(Estimate("toy/m3/none") > Estimate("toy/m1/none"));
        Assert.Equal(RunCommandExit(result), ExitCodes.Success);
    }

    [Fact]
    public void PlanShowsCompleteAndPartialCellsFromTheStoreAndTheMeasuredRate()
    {
        var dir = TestPaths.NewTempDirectory();
        var config = Path.Combine(dir, "n.yaml");
        File.WriteAllText(config, TwoBenchmarks);
        var engine = new ScriptedEngine((_, _) => "The answer is 1.");
        Job(engine, new CapturingConsole()).Sweep(config, new RunOverrides(null, 2, null, null), new SweepOptions(), CancellationToken.None);

        var console = new CapturingConsole();
        var plan = Job(engine, console).Sweep(config, new RunOverrides(null, null, null, null), new SweepOptions(DryRun: true), CancellationToken.None).Plan;
        Assert.All(plan.Cells, c => Assert.Equal((CellState.Partial, 2), (c.State, c.Finished)));
        Assert.Contains(console.Lines, l => l.StartsWith("estimate: ") && l.Contains("FLOP/s (measured"));

        var again = Job(engine, new CapturingConsole()).Sweep(config, new RunOverrides(null, 2, null, null), new SweepOptions(DryRun: true), CancellationToken.None).Plan;
        Assert.All(again.Cells, c => Assert.Equal(CellState.Complete, c.State));
        Assert.Equal(0, again.Cells.Sum(c => c.RemainingFlops));
    }

    private static RunJob Job(ScriptedEngine engine, CapturingConsole console) =>
        new(new FakeModelLoader(engine), new FakeBenchmarkLoader(10), console, inspector: new FakeCheckpointInspector());

    private static int RunCommandExit(SweepResult result) => ExperimentHarness.Runner.Commands.RunCommand.ExitCode(result);
}
