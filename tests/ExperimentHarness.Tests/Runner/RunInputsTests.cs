using System.Text.Json.Nodes;
using ExperimentHarness.Foundation;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

/// <summary>A run reports every problem in its input at once, each naming the config file and the key or element (exit code 3).</summary>
public class RunInputsTests
{
    /// <summary>The tiny llama checkpoint's config.json with hidden_size removed, hidden_act a number and one unknown key.</summary>
    private static string BrokenCheckpoint(string dir)
    {
        var copy = Path.Combine(dir, "broken-model");
        Directory.CreateDirectory(copy);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(TinyCheckpoints.Llama, "config.json")))!.AsObject();
        config.Remove("hidden_size");
        config["hidden_act"] = 3;
        config["sparse_experts"] = 8;
        File.WriteAllText(Path.Combine(copy, "config.json"), config.ToJsonString());
        return copy;
    }

    private static InputProblems Run(string dir, string benchmark, string stack)
    {
        var config = Path.Combine(dir, "bad.yaml");
        File.WriteAllText(config, $"model: {{path: {BrokenCheckpoint(dir)}}}\nbenchmark: {benchmark}\nstack: {stack}\noutput: {{dir: out}}\n");
        var console = new CapturingConsole();
        var job = new RunJob(new TorchModelLoader(console), new SuiteBenchmarkLoader(), console);
        var problems = Assert.Throws<InputProblems>(() => job.ExecuteAll(config, new RunOverrides(null, null, null, null), CancellationToken.None));
        Assert.All(problems.Lines, line => Assert.StartsWith(config, line));      // every line names the config file
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));                    // nothing was started
        return problems;
    }

    [Fact]
    public void BadOptionsAndABadCheckpointConfigAreReportedTogether()
    {
        var dir = TestPaths.NewTempDirectory();
        var problems = Run(dir, "{name: arith, options: {steps: 0, test_size: many, colour: red}}", "[]");
        var text = string.Join("\n", problems.Lines);
        Assert.Contains("unknown option(s) colour", text);
        Assert.Contains("option 'steps' must be", text);
        Assert.Contains("option 'test_size' must be", text);
        Assert.Contains("model 'broken-model'", text);
        Assert.Contains("required key 'hidden_size' is missing", text);
        Assert.Contains("key 'hidden_act': expected a string", text);
        Assert.Contains("unknown key(s) sparse_experts", text);
        Assert.Equal(6, problems.Lines.Count);
    }

    [Fact]
    public void EveryBadStackElementParameterIsReportedWithTheCheckpointsProblems()
    {
        var dir = TestPaths.NewTempDirectory();
        var problems = Run(dir, "{name: arith, options: {train_size: 20, test_size: 5}}", "[\"fewshot(k=0, shots=2)\", \"majority(n=0, temperature=hot)\"]");
        var text = string.Join("\n", problems.Lines);
        Assert.Contains("stack[0] 'fewshot(k=0,shots=2)': parameter 'k' must be", text.Replace(", ", ","));
        Assert.Contains("unknown parameter(s) shots", text);
        Assert.Contains("parameter 'n' must be", text);
        Assert.Contains("parameter 'temperature' must be", text);
        Assert.Contains("required key 'hidden_size' is missing", text);
        Assert.Equal(7, problems.Lines.Count);
    }

    [Fact]
    public void APoolSeedThatIsNotANumberIsAnErrorNotSeedZero()
    {
        var items = Enumerable.Range(0, 10).Select(i => new ExperimentHarness.Benchmarks.BenchmarkItem($"q{i}", $"Q{i}?", "1")).ToList();
        var error = Assert.Throws<InputException>(() => ExperimentHarness.Benchmarks.ExemplarPool.Split("svamp", items,
            new Dictionary<string, string> { ["exemplar_pool"] = "3", ["pool_seed"] = "seven" }));
        Assert.Equal("benchmark 'svamp': option 'pool_seed' must be a whole number ≥ 0, got 'seven'", error.Message);
        var both = Assert.Throws<InputProblems>(() => ExperimentHarness.Benchmarks.ExemplarPool.Split("svamp", items,
            new Dictionary<string, string> { ["exemplar_pool"] = "10", ["pool_seed"] = "-1" }));
        Assert.Equal(2, both.Lines.Count);
    }
}
