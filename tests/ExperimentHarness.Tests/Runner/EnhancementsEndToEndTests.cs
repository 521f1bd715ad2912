using System.Text.Json;
using ExperimentHarness.Runner;
using ExperimentHarness.Store;
using ExperimentHarness.Tests.Support;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Runner;

/// <summary>Each enhancement and a three-element stack on a tiny self-made checkpoint, with their costs.</summary>
public class EnhancementsEndToEndTests
{
    private static string Config(string dir, string stack, string name = "c.yaml")
    {
        var config = Path.Combine(dir, name);
        File.WriteAllText(config, $"model: {{path: {TinyCheckpoints.Llama}, training_flops: 1e15}}\n" +
            "benchmark: {name: arith, limit: 3, options: {train_size: 40, test_size: 10}}\n" +
            $"stack: {stack}\ngeneration: {{max_new_tokens: 6}}\noutput: {{dir: out-{name}}}\n");
        return config;
    }

    [Theory]
    [InlineData("[fewshot(k=2)]", 1)]
    [InlineData("[fewshot(k=2), \"majority(n=2, temperature=0.9)\"]", 2)]     // fewshot + cot runs end to end in CliEndToEndTests
    [InlineData("[cot]", 1)]
    [InlineData("[\"majority(n=3, temperature=0.8)\"]", 3)]
    [InlineData("[retrieval(k=2), cot, \"majority(n=2, temperature=1.0)\"]", 2)]
    public void EnhancementRunsAndReportsBothCostColumns(string stack, int samples)
    {
        var dir = TestPaths.NewTempDirectory();
        var console = new CapturingConsole();
        var summary = new RunJob(new TorchModelLoader(console), new SuiteBenchmarkLoader(), console, Path.Combine(dir, "cache"))
            .ExecuteAll(Config(dir, stack), new RunOverrides(null, null, null, null), CancellationToken.None).Single();
        Assert.Equal(3, summary.N);
        // Inference column: this run's FLOPs per item over the zero-shot baseline's; every stack here costs more than it.
        Assert.Equal(summary.Costs.InferenceFlopsPerItem / summary.Costs.BaselineInferenceFlopsPerItem, summary.Costs.InferenceMultiple, 9);
        Assert.True(summary.Costs.InferenceMultiple > 1, $"{stack}: inference multiple {summary.Costs.InferenceMultiple}");
        // One-time column: the stack's one-time FLOPs over the model's training FLOPs (1e15 in the config).
        Assert.Equal(summary.Costs.OneTimeFlops / 1e15, summary.Costs.OneTimeFractionOfPretraining!.Value, 12);
        if (samples > 1) Assert.Equal(samples, summary.MajAtK!.Count);
        else Assert.Null(summary.MajAtK);
        Assert.Null(summary.BestOfK);                         // no verifier, no scores
        Assert.Null(summary.BestOfKFit);
    }

    [Fact]
    public void RetrievalIndexIsBuiltOnceAndReusedByTheNextRun()
    {
        var dir = TestPaths.NewTempDirectory();
        var cache = Path.Combine(dir, "cache");
        var console = new CapturingConsole();
        var job = new RunJob(new TorchModelLoader(console), new SuiteBenchmarkLoader(), console, cache);
        var first = job.ExecuteAll(Config(dir, "[retrieval(k=2)]", "a.yaml"), new RunOverrides(null, null, null, null), CancellationToken.None).Single();
        var second = job.ExecuteAll(Config(dir, "[retrieval(k=2)]", "b.yaml"), new RunOverrides(null, null, null, null), CancellationToken.None).Single();
        var built = Assert.Single(first.OneTimeWork);
        var reused = Assert.Single(second.OneTimeWork);
        Assert.True(built.Flops > 0);
        Assert.Equal(built.Flops, built.ExecutedThisRun);
        Assert.Equal(built.Flops, reused.Flops);          // the index's cost is still the stack's one-time cost
        Assert.Equal(0, reused.ExecutedThisRun);           // but nothing was recomputed
        Assert.Equal(built.Flops / 1e15, first.Costs.OneTimeFractionOfPretraining!.Value, 12);
        Assert.Single(Directory.GetFiles(Path.Combine(cache, "retrieval")));
        // Query embeddings are per-item work: retrieval items cost more than their generation alone (the samples' FLOPs).
        using var store = ResultsStore.Open(Path.Combine(dir, "out-a.yaml"));
        Assert.All(store.ReadItems(first.Cell), item =>
            Assert.True(item.FlopsExecuted > 1.001 * item.Samples.Sum(s => s.FlopsExecuted), $"{item.ItemId}: {item.FlopsExecuted} vs generation alone"));
    }

    [Fact]
    public void RetrievalCanEmbedWithASeparateCheckpointWhoseIndexIsCachedApart()
    {
        var dir = TestPaths.NewTempDirectory();
        var cache = Path.Combine(dir, "cache");
        var console = new CapturingConsole();
        var job = new RunJob(new TorchModelLoader(console), new SuiteBenchmarkLoader(), console, cache);
        var own = job.ExecuteAll(Config(dir, "[retrieval(k=2)]", "own.yaml"), new RunOverrides(null, null, null, null), CancellationToken.None).Single();
        // A GPT-NeoX checkpoint embeds for the Llama model, given relative to the config file's directory.
        var neox = Path.Combine(dir, "neox");
        CopyDirectory(TinyCheckpoints.GptNeox, neox);
        var other = job.ExecuteAll(Config(dir, "[\"retrieval(k=2, embedder=neox)\"]", "other.yaml"), new RunOverrides(null, null, null, null), CancellationToken.None).Single();

        // The embedder is identified by its weights, not its path, so the cell key is the same wherever the checkpoint sits.
        Assert.Equal($"retrieval(k=2,embedder=sha256:{ExperimentHarness.Models.LoadedCheckpoint.HashWeights(neox)[..16]})", other.Stack.Id);
        Assert.NotEqual(Assert.Single(own.OneTimeWork).Flops, Assert.Single(other.OneTimeWork).Flops);   // another model, another cost
        Assert.Equal(2, Directory.GetFiles(Path.Combine(cache, "retrieval")).Length);
        var again = job.ExecuteAll(Config(dir, "[\"retrieval(k=2, embedder=neox)\"]", "again.yaml"), new RunOverrides(null, null, null, null), CancellationToken.None).Single();
        Assert.Equal(0, Assert.Single(again.OneTimeWork).ExecutedThisRun);

        var missing = Assert.Throws<InputException>(() => job.ExecuteAll(Config(dir, "[\"retrieval(k=2, embedder=nowhere)\"]", "bad.yaml"),
            new RunOverrides(null, null, null, null), CancellationToken.None).Single());
        Assert.Contains(Path.Combine(dir, "nowhere"), missing.Message);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    [Fact]
    public async Task RetrievalRunsThroughTheCli()
    {
        var dir = TestPaths.NewTempDirectory();
        var console = new CapturingConsole();
        Assert.Equal(0, await CliHost.RunAsync(["run", "--config", Config(dir, "[retrieval(k=2), cot]")], console));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out-c.yaml", "summary.json")));
        Assert.Equal("retrieval(k=2)+cot", summary.RootElement.GetProperty("stack").GetProperty("id").GetString());
        Assert.Equal(1, summary.RootElement.GetProperty("one_time_work").GetArrayLength());
    }
}
