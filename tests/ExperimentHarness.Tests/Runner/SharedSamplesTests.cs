using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;
using ExperimentHarness.Runner;
using ExperimentHarness.Store;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

/// <summary>majority(n=4) after majority(n=2) at the same settings on a tiny real checkpoint reuses the first two samples of each item.</summary>
public class SharedSamplesTests
{
    /// <summary>Loads real models and records every request their engines are given.</summary>
    private sealed class RecordingLoader(IModelLoader inner) : IModelLoader
    {
        public List<GenerationRequest> Requests { get; } = [];

        public ILoadedModel Load(ModelSpec spec, int batchRows, CancellationToken ct) => new Recording(inner.Load(spec, batchRows, ct), Requests);

        public void Check(ModelSpec spec) => inner.Check(spec);

        private sealed class Recording(ILoadedModel model, List<GenerationRequest> requests) : ForwardingLoadedModel(model), IGenerationEngine
        {
            public override IGenerationEngine Engine => this;

            public IEnumerable<GenerationResult> Generate(IReadOnlyList<GenerationRequest> batch, CancellationToken ct)
            {
                requests.AddRange(batch);
                return Inner.Engine.Generate(batch, ct);
            }
        }
    }

    private static (IReadOnlyList<RunSummary> Summaries, List<GenerationRequest> Requests, string Out) Run(string dir, string name, string stacks, string? output = null)
    {
        output ??= name;
        var config = Path.Combine(dir, name + ".yaml");
        File.WriteAllText(config, $"model: {{path: {TinyCheckpoints.Llama}, training_flops: 1e15}}\n" +
            "benchmark: {name: arith, limit: 3, options: {train_size: 40, test_size: 10}}\n" +
            $"stacks: {stacks}\ngeneration: {{max_new_tokens: 6}}\noutput: {{dir: out-{output}}}\n");
        var console = new CapturingConsole();
        var loader = new RecordingLoader(new TorchModelLoader(console));
        var summaries = new RunJob(loader, new SuiteBenchmarkLoader(), console, Path.Combine(dir, "cache"))
            .ExecuteAll(config, new RunOverrides(null, null, null, null), CancellationToken.None);
        return (summaries, loader.Requests, Path.Combine(dir, "out-" + output));
    }

    private static Dictionary<string, ItemResult> Items(string store, string cell)
    {
        using var results = ResultsStore.Open(store);
        return results.ReadItems(cell).ToDictionary(i => i.ItemId);
    }

    [Fact]
    public void MajorityOfFourAfterMajorityOfTwoGeneratesOnlyTheTwoNewSamplesAndStoresWhatGeneratingAllFourWould()
    {
        var dir = TestPaths.NewTempDirectory();
        var shared = Run(dir, "shared", "[[\"majority(n=2, temperature=0.9)\"], [\"majority(n=4, temperature=0.9)\"]]");
        var alone = Run(dir, "alone", "[[\"majority(n=4, temperature=0.9)\"]]");
        var (two, four) = (shared.Summaries[0], shared.Summaries[1]);
        var fresh = alone.Summaries.Single();
        Assert.Equal(four.Cell, fresh.Cell);
        var twoItems = Items(shared.Out, two.Cell);
        var fourItems = Items(shared.Out, four.Cell);
        var freshItems = Items(alone.Out, fresh.Cell);
        Assert.Equal(3, fourItems.Count);

        // (1) The n=4 items begin with the n=2 items' samples, and all four equal an unshared n=4 run's, FLOPs per sample included.
        foreach (var (id, item) in fourItems)
        {
            Assert.Equal(4, item.Samples.Count);
            Assert.Equal(twoItems[id].Samples.Select(s => s.Completion), item.Samples.Take(2).Select(s => s.Completion));
            Assert.Equal(freshItems[id].Samples.Select(s => (s.SampleIndex, s.Completion, s.GeneratedTokens, s.FinishReason, s.FlopsCanonical, s.Identity)),
                item.Samples.Select(s => (s.SampleIndex, s.Completion, s.GeneratedTokens, s.FinishReason, s.FlopsCanonical, s.Identity)));
            Assert.Equal(freshItems[id].StrictChoice, item.StrictChoice);
            Assert.Equal(2, item.SamplesReused);
            Assert.Equal(0, freshItems[id].SamplesReused);
            // (3) The item's canonical cost is exactly the unshared one's; what ran here is less.
            Assert.Equal(freshItems[id].FlopsCanonical, item.FlopsCanonical);
            Assert.Equal(item.Samples.Take(2).Sum(s => s.FlopsCanonical), item.FlopsReusedCanonical);
            // Reused samples are charged what they would have added, apportioned by their canonical FLOPs.
            Assert.Equal(item.Samples.Take(2).Sum(s => s.FlopsExecuted), item.FlopsReusedExecuted);
            Assert.Equal(item.Samples[0].FlopsExecuted / item.Samples[0].FlopsCanonical, item.Samples[1].FlopsExecuted / item.Samples[1].FlopsCanonical, 9);
            Assert.True(item.FlopsExecuted < freshItems[id].FlopsExecuted, $"{id}: executed {item.FlopsExecuted} vs unshared {freshItems[id].FlopsExecuted}");
        }
        Assert.Equal(fresh.Accuracy, four.Accuracy);

        // (2) The engine was asked for samples 0..1 in the n=2 cell and only 2..3 in the n=4 cell; the unshared run asked for all four.
        Assert.Equal(6, shared.Requests.Count);
        Assert.All(shared.Requests, r => Assert.Equal(2, r.Samples));
        Assert.Equal(3, shared.Requests.Count(r => r.FirstSample == 2));
        Assert.All(alone.Requests, r => Assert.Equal((0, 4), (r.FirstSample, r.Samples)));

        // (3) The summaries: the same canonical total, less executed, the reuse counted; the CEG cost counts reused samples at what they cost.
        Assert.Equal(fresh.Flops.InferenceTotalCanonical, four.Flops.InferenceTotalCanonical);
        Assert.True(four.Flops.InferenceTotal < fresh.Flops.InferenceTotal);
        Assert.Equal(new SummaryReuse(0, 6, 0, 0), two.Reuse);
        Assert.Equal(6, four.Reuse!.SamplesReused);
        Assert.Equal(12, four.Reuse.Samples);
        Assert.Equal(fourItems.Values.Sum(i => i.FlopsReusedCanonical), four.Reuse.FlopsCanonical);
        Assert.Equal((four.Flops.InferenceTotal + four.Reuse.FlopsExecutedAttributed) / 3, four.Flops.InferencePerItem, 6);
        // The CEG cost per item stays that of the unshared run (what is attributed to reused samples estimates what they would have run).
        Assert.InRange(four.Flops.InferencePerItem / fresh.Flops.InferencePerItem, 0.9, 1.1);
    }

    [Fact]
    public void ACellWhoseSamplesAreAllStoredAsksTheEngineForNothing()
    {
        var dir = TestPaths.NewTempDirectory();
        var first = Run(dir, "first", "[[\"majority(n=2, temperature=0.9)\"], [\"majority(n=4, temperature=0.9)\"]]", "store");
        var third = Run(dir, "third", "[[\"majority(n=3, temperature=0.9)\"]]", "store");
        var alone = Run(dir, "alone", "[[\"majority(n=3, temperature=0.9)\"]]");
        Assert.Empty(third.Requests);
        var summary = third.Summaries.Single();
        Assert.Equal(new SummaryReuse(9, 9, summary.Flops.InferenceTotalCanonical, summary.Reuse!.FlopsExecutedAttributed), summary.Reuse);
        Assert.Equal(0, summary.Flops.InferenceTotal);
        Assert.InRange(summary.Flops.InferencePerItem / alone.Summaries.Single().Flops.InferencePerItem, 0.8, 1.2);
        var reused = Items(third.Out, summary.Cell);
        var fresh = Items(alone.Out, alone.Summaries.Single().Cell);
        foreach (var (id, item) in reused)
        {
            Assert.Equal(fresh[id].Samples.Select(s => (s.Completion, s.FlopsCanonical)), item.Samples.Select(s => (s.Completion, s.FlopsCanonical)));
            Assert.Equal(fresh[id].FlopsCanonical, item.FlopsCanonical);
        }
        Assert.NotEmpty(first.Requests);
    }
}
