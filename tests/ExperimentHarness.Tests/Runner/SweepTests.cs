using System.Text.Json;
using ExperimentHarness.Config;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Runner;

public class SweepTests
{
    private const string Sweep = """
        models:
          - {path: ./small, family: toy, training_flops: 1e18}
          - {path: ./large, family: toy, training_flops: 1e20}
        benchmark: {name: toy}
        stacks: [[], [fewshot(k=2)]]
        output: {dir: out}
        """;

    [Fact]
    public void ConfigListsModelsAndStacks()
    {
        var config = RunConfigReader.Parse(Sweep, "/cfg/sweep.yaml");
        Assert.Equal(["/cfg/small", "/cfg/large"], config.Models.Select(m => m.Path));
        Assert.Equal(2, config.Stacks.Count);
        Assert.Empty(config.Stacks[0]);
        Assert.True(config.IsSweep);

        var both = Assert.Throws<ConfigException>(() => RunConfigReader.Parse("model: {path: a}\nmodels: [{path: b}]\nbenchmark: {name: toy}\n", "/cfg/x.yaml"));
        Assert.Contains(both.Problems, p => p.Key == "model" && p.Got == "both");
        var same = Assert.Throws<ConfigException>(() => RunConfigReader.Parse("models: [{path: a/m}, {path: b/m}]\nbenchmark: {name: toy}\n", "/cfg/x.yaml"));
        Assert.Contains(same.Problems, p => p.Got == "'m' twice");
    }

    [Fact]
    public async Task EveryModelTimesEveryStackGetsASummaryThatFitReads()
    {
        var dir = TestPaths.NewTempDirectory();
        var config = Path.Combine(dir, "sweep.yaml");
        File.WriteAllText(config, Sweep);
        var engine = new ScriptedEngine((r, _) => r.Prompt.StartsWith("Problem: What is", StringComparison.Ordinal) ? "The answer is 1." : "The answer is 100.");
        var summaries = new RunJob(new FakeModelLoader(engine), new FakeBenchmarkLoader(5), new CapturingConsole())
            .ExecuteAll(config, new RunOverrides(null, null, null, null), CancellationToken.None);
        Assert.Equal(4, summaries.Count);
        Assert.Equal(4, summaries.Select(s => s.Cell).Distinct().Count());
        var files = Directory.GetFiles(Path.Combine(dir, "out"), "summary.json", SearchOption.AllDirectories);
        Assert.Equal(4, files.Length);
        Assert.True(File.Exists(Path.Combine(dir, "out", "large", "fewshot_k_2_seed_1234_", "summary.json")));
        Assert.Single(Directory.GetFiles(Path.Combine(dir, "out"), "results.sqlite"));

        var console = new CapturingConsole();
        Assert.Equal(0, await CliHost.RunAsync(["fit", "--results", Path.Combine(dir, "out"), "--out", Path.Combine(dir, "fit"), "--replicates", "0"], console));
        using var ceg = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "fit", "ceg.json")));
        Assert.Equal(2, ceg.RootElement.GetProperty("points").GetArrayLength());      // the fewshot stack on both models
        Assert.Equal(2, ceg.RootElement.GetProperty("baselines")[0].GetProperty("points").GetArrayLength());
    }

    [Fact]
    public void ModelOverrideIsRefusedForSweeps()
    {
        var dir = TestPaths.NewTempDirectory();
        var config = Path.Combine(dir, "sweep.yaml");
        File.WriteAllText(config, Sweep);
        var job = new RunJob(new FakeModelLoader(new ScriptedEngine((_, _) => "")), new FakeBenchmarkLoader(2), new CapturingConsole());
        var ex = Assert.Throws<InputException>(() => job.ExecuteAll(config, new RunOverrides(null, null, null, null, "/m"), CancellationToken.None));
        Assert.Contains("--model replaces a single model", ex.Message);
    }
}
