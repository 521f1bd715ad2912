using ExperimentHarness.Config;

namespace ExperimentHarness.Tests.Config;

public class RunConfigReaderTests
{
    private const string File = "/cfg/test.yaml";

    [Fact]
    public void ReadsAFullConfigWithDefaultsAndRelativePaths()
    {
        var config = RunConfigReader.Parse("""
            model:
              init: {arch: llama, preset: tiny, seed: 3}
              family: toy
              training_flops: 1.5e18
            benchmark:
              name: gsm8k
              path: ../data/gsm8k
              limit: 20
              options: {steps: 3}
            stack: ["fewshot(k=4, seed=7)", cot, {majority: {n: 16}}]
            generation:
              max_new_tokens: 64
              stop: ["\n\n"]
            seed: 5
            """, File);

        Assert.Equal(new ModelInitSpec("llama", "tiny", 3), config.Model.Init);
        Assert.Null(config.Model.Path);
        Assert.Equal(1.5e18, config.Model.TrainingFlops);
        Assert.Equal("cpu", config.Model.Device);
        Assert.Equal("float32", config.Model.DType);
        Assert.Equal("/data/gsm8k", config.Benchmark.Path);
        Assert.Equal("test", config.Benchmark.Split);
        Assert.Equal(20, config.Benchmark.Limit);
        Assert.Equal("3", config.Benchmark.Options["steps"]);
        Assert.Equal(["fewshot(k=4, seed=7)", "cot", "majority(n=16)"], config.Stack.Select(s => s.ToString()));
        Assert.Equal(64, config.Generation.MaxNewTokens);
        Assert.Equal(0.0, config.Generation.Temperature);
        Assert.Equal(["\n\n"], config.Generation.Stop);
        Assert.Equal(5, config.Seed);
        Assert.Equal(ConfigDefaults.BatchSize, config.BatchSize);
        Assert.Equal(ConfigDefaults.BatchRows, config.BatchRows);
        Assert.Equal(96, RunConfigReader.Parse("model: {path: m}\nbenchmark: {name: arith}\nbatch_rows: 96\n", File).BatchRows);
        Assert.Equal("batch_rows", Assert.Single(Assert.Throws<ConfigException>(() =>
            RunConfigReader.Parse("model: {path: m}\nbenchmark: {name: arith}\nbatch_rows: 0\n", File)).Problems).Key);
        Assert.EndsWith(Path.Combine("runs", "test"), config.OutputDirectory);
    }

    [Fact]
    public void UnknownKeyIsAnErrorNamingFileKeyAndLine()
    {
        var ex = Assert.Throws<ConfigException>(() => RunConfigReader.Parse("""
            model: {path: m}
            benchmark: {name: arith}
            generation:
              max_tokens: 5
            """, File));
        var problem = Assert.Single(ex.Problems);
        Assert.Equal("generation.max_tokens", problem.Key);
        Assert.Equal(4, problem.Line);
        Assert.Contains("/cfg/test.yaml:4", ex.Message);
        Assert.Contains("max_new_tokens", ex.Message);
    }

    [Fact]
    public void AllProblemsAreReportedTogether()
    {
        var ex = Assert.Throws<ConfigException>(() => RunConfigReader.Parse("""
            model: {device: tpu}
            benchmark: {limit: -3}
            seed: many
            colour: blue
            """, File));
        var keys = ex.Problems.Select(p => p.Key).ToList();
        Assert.Contains("model.path", keys);          // neither path nor init
        Assert.Contains("model.device", keys);
        Assert.Contains("benchmark.name", keys);      // required
        Assert.Contains("benchmark.limit", keys);
        Assert.Contains("seed", keys);
        Assert.Contains("colour", keys);
        Assert.Contains("one of cpu, cuda", ex.Message);
    }

    [Fact]
    public void MissingSectionsAndBadYamlAreErrors()
    {
        var missing = Assert.Throws<ConfigException>(() => RunConfigReader.Parse("seed: 1\n", File));
        Assert.Contains(missing.Problems, p => p.Key == "model");
        Assert.Contains(missing.Problems, p => p.Key == "benchmark");

        var broken = Assert.Throws<ConfigException>(() => RunConfigReader.Parse("model: [unclosed\n", File));
        Assert.Equal("(document)", Assert.Single(broken.Problems).Key);
    }

    [Theory]
    [InlineData("fewshot(k=)")]
    [InlineData("fewshot(k=1, k=2)")]
    [InlineData("Few Shot")]
    public void BadStackElementsAreErrors(string element)
    {
        var ex = Assert.Throws<ConfigException>(() => RunConfigReader.Parse($"""
            model: {"{path: m}"}
            benchmark: {"{name: arith}"}
            stack: ["{element}"]
            """, File));
        Assert.Equal("stack[0]", Assert.Single(ex.Problems).Key);
    }

    [Fact]
    public void UnquotedMultiParameterElementInFlowListGetsAHint()
    {
        var ex = Assert.Throws<ConfigException>(() => RunConfigReader.Parse(
            "model: {path: m}\nbenchmark: {name: arith}\nstack: [fewshot(k=4, seed=7)]\n", File));
        Assert.Contains("quote elements", ex.Problems[0].Expected);
    }

    [Fact]
    public void MissingConfigFileIsNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => RunConfigReader.Load("/no/such/config.yaml"));
    }

    [Fact]
    public void ModelsCanBeNamedByTheirLockEntry()
    {
        var config = RunConfigReader.Parse("""
            model: {lock: smollm2/360M, models_dir: ../models}
            benchmark: {name: arith}
            """, File);
        Assert.Equal("smollm2/360M", config.Model.Lock);
        Assert.Equal("/models", config.Model.LockRoot);
        Assert.Null(config.Model.Path);
        Assert.Equal("smollm2-360M", RunConfigReader.SweepName(config.Model));

        var both = Assert.Throws<ConfigException>(() => RunConfigReader.Parse("""
            model: {lock: smollm2/360M, path: m}
            benchmark: {name: arith}
            """, File));
        Assert.Contains("path and lock", both.Message);
        var stray = Assert.Throws<ConfigException>(() => RunConfigReader.Parse("""
            model: {path: m, models_dir: x}
            benchmark: {name: arith}
            """, File));
        Assert.Equal("model.models_dir", Assert.Single(stray.Problems).Key);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1e18")]
    [InlineData(".nan")]
    public void TrainingFlopsMustBePositive(string flops)
    {
        var ex = Assert.Throws<ConfigException>(() => RunConfigReader.Parse($"""
            model:
              init: {"{"}arch: llama, preset: tiny{"}"}
              training_flops: {flops}
            benchmark: {"{"}name: arith{"}"}
            """, File));
        var problem = Assert.Single(ex.Problems);
        Assert.Equal("model.training_flops", problem.Key);
        Assert.Equal(3, problem.Line);
    }
}
