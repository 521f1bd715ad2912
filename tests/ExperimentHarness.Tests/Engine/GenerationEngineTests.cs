using ExperimentHarness.Engine;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models;
using ExperimentHarness.Tests.Support;
using TorchSharp;

namespace ExperimentHarness.Tests.Engine;

public class GenerationEngineTests
{
    private static readonly string[] Prompts =
    [
        "Problem: Ada has 3 apples.\nAnswer:",
        "Problem: Ben has 12 marbles. Then 5 more marbles are added. How many marbles does Ben have now?\nAnswer:",
        "Hi",
        "Problem: Chloe has 40 stamps. Then 13 stamps are given away.\nAnswer: The",
    ];

    private static List<GenerationRequest> Requests(double temperature, int samples, int maxNew = 12, IReadOnlyList<string>? stop = null) =>
        Prompts.Select((p, i) => new GenerationRequest($"r{i}", p, new SamplingOptions(maxNew, temperature, 0.9, stop ?? []), samples, (ulong)(100 + i))).ToList();

    private static Dictionary<string, GenerationResult> Run(int maxRows, List<GenerationRequest> requests)
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.Llama, "cpu", "float32");
        var engine = new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer, maxRows);
        return engine.Generate(requests, CancellationToken.None).ToDictionary(r => r.ItemId);
    }

    [Fact]
    public void BatchedGreedyEqualsOneAtATime()
    {
        var one = Run(1, Requests(0, 1));
        var batched = Run(8, Requests(0, 1));
        Assert.Equal(Prompts.Length, batched.Count);
        foreach (var (id, result) in one)
        {
            Assert.Equal(result.Samples[0].Text, batched[id].Samples[0].Text);
            Assert.Equal(result.Samples[0].GeneratedTokens, batched[id].Samples[0].GeneratedTokens);
        }
        Assert.All(one.Values, r => Assert.Equal(12, r.Samples[0].GeneratedTokens));
    }

    [Fact]
    public void SampledTextsDependOnlyOnSeedAndSampleIndex()
    {
        var small = Run(3, Requests(1.0, 3));
        var large = Run(32, Requests(1.0, 3));
        foreach (var (id, result) in small)
            for (var s = 0; s < 3; s++)
                Assert.Equal(result.Samples[s].Text, large[id].Samples[s].Text);
        // Different samples of one prompt differ (a random model at T=1 almost surely diverges in 12 tokens).
        Assert.Contains(small.Values, r => r.Samples.Select(s => s.Text).Distinct().Count() > 1);
        var reseeded = Run(32, Requests(1.0, 3).Select(r => r with { Seed = r.Seed + 1000 }).ToList());
        Assert.Contains(small.Keys, id => reseeded[id].Samples[0].Text != small[id].Samples[0].Text);
    }

    [Fact]
    public void StopStringsCutTheCompletion()
    {
        var free = Run(8, Requests(0, 1, maxNew: 20));
        // Use a piece of a real greedy completion as the stop string: generation must end right before it.
        var (id, text) = free.Select(p => (p.Key, p.Value.Samples[0].Text)).First(p => p.Text.Length >= 6);
        var stop = text.Substring(3, 2);
        var stopped = Run(8, Requests(0, 1, maxNew: 20, stop: [stop]));
        Assert.Equal("stop", stopped[id].Samples[0].FinishReason);
        Assert.Equal(text[..text.IndexOf(stop, StringComparison.Ordinal)], stopped[id].Samples[0].Text);
    }

    [Fact]
    public void CanonicalFlopsFollowTheLedgerAndSharedPrefillIsCheaper()
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.Llama, "cpu", "float32");
        var engine = new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer, 32);
        var ledger = engine.Ledger;
        var request = new GenerationRequest("x", Prompts[1], new SamplingOptions(10, 1.0, 1.0, []), 4, 7);
        var result = engine.Generate([request], CancellationToken.None).Single();
        var p = result.PromptTokens;
        var expected = ledger.CausalPrefill(p) + result.Samples.Sum(s => ledger.Decode(p, s.GeneratedTokens - 1));
        Assert.Equal(expected, result.Flops.Canonical, 6);
        Assert.Equal(result.Flops.Canonical, result.Samples.Sum(s => s.Flops.Canonical), 6);
        // Executed: one chunked prefill of P tokens (explicit mask per chunk) + every row at every decode step.
        var executed = ledger.ChunkedPrefill(p, ChunkedPrefill.ChunkTokensFor(ledger.Shape)) + 4 * Enumerable.Range(0, 9).Sum(step => ledger.Forward(p + step + 1, true));
        Assert.Equal(executed, result.Flops.Executed, 6);
        Assert.True(result.Flops.Executed < 4 * ledger.MaskedPrefill(p) + 4 * ledger.Decode(p, 9), "the prefill is not shared");
    }

    [Fact]
    public void RowsThatFinishEarlyAreDroppedFromTheBatchWithoutChangingAnyText()
    {
        var free = Run(8, Requests(0, 1, maxNew: 24));
        // Each prompt stops at a different depth of its own greedy text, so rows finish at different steps.
        var requests = Requests(0, 1, maxNew: 24).Select((r, i) =>
        {
            var text = free[r.ItemId].Samples[0].Text;
            var at = Math.Min(text.Length - 2, 2 + 5 * i);
            return r with { Sampling = r.Sampling with { Stop = [text.Substring(at, 2)] } };
        }).ToList();
        var one = Run(1, requests);
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.Llama, "cpu", "float32");
        var engine = new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer, 8);
        var batched = engine.Generate(requests, CancellationToken.None).ToDictionary(r => r.ItemId);

        foreach (var (id, result) in one) Assert.Equal(result.Samples[0].Text, batched[id].Samples[0].Text);
        var lengths = batched.Values.Select(r => r.Samples[0].GeneratedTokens).ToList();
        Assert.True(lengths.Distinct().Count() > 1, $"rows all finished together: {string.Join(",", lengths)}");
        // With at most 4 rows every finished row is dropped before the next step, so each prompt is charged
        // the shared padded prefill plus only the decode steps its own row needed. Each row decodes at its own
        // depth (prompt length + step); a step attends over the deepest row still decoding.
        var ledger = engine.Ledger;
        var padded = batched.Values.Max(r => r.PromptTokens);
        int Steps(GenerationResult r) => r.Samples[0].FinishReason == "eos" ? r.Samples[0].GeneratedTokens : r.Samples[0].GeneratedTokens - 1;
        long Keys(int step) => batched.Values.Where(r => Steps(r) > step).Max(r => r.PromptTokens + step) + 1;
        foreach (var result in batched.Values)
        {
            var expected = ledger.ChunkedPrefill(padded, ChunkedPrefill.ChunkTokensFor(ledger.Shape)) + Enumerable.Range(0, Steps(result)).Sum(s => ledger.Forward(Keys(s), true));
            Assert.Equal(expected, result.Flops.Executed, 6);
        }
    }

    [Fact]
    public void FinishedRowsAreRefilledWithWaitingPromptsAndResultsStreamAsPromptsFinish()
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.Llama, "cpu", "float32");
        var observed = new MemoryLimitedModel(checkpoint.Model, maxRows: int.MaxValue);
        var engine = new TorchGenerationEngine(observed, checkpoint.Tokenizer, 2);
        // Ragged lengths: request i may generate 3 + 4i tokens, so rows free up one by one.
        var requests = Prompts.Select((p, i) => new GenerationRequest($"r{i}", p, new SamplingOptions(3 + 4 * i, 0, 1, []), 1, (ulong)i)).ToList();
        var prefillsAtFirstResult = -1;
        var results = new List<GenerationResult>();
        foreach (var result in engine.Generate(requests, CancellationToken.None))
        {
            if (prefillsAtFirstResult < 0) prefillsAtFirstResult = observed.PrefillRows.Count;
            results.Add(result);
        }
        Assert.Equal(Prompts.Length, results.Count);
        Assert.All(observed.PrefillRows, rows => Assert.True(rows <= 2));       // never more rows than slots
        Assert.True(observed.PrefillRows.Count >= 3, $"prefills: {string.Join(",", observed.PrefillRows)}");   // refills, not one wave
        Assert.True(prefillsAtFirstResult < observed.PrefillRows.Count);       // the first result came before the last admission
        var alone = Run(1, requests);
        foreach (var result in results) Assert.Equal(alone[result.ItemId].Samples[0].Text, result.Samples[0].Text);

        // Static batches for comparison: two full waves of two prompts, the same texts.
        var waves = new MemoryLimitedModel(checkpoint.Model, maxRows: int.MaxValue);
        var stat = new TorchGenerationEngine(waves, checkpoint.Tokenizer, 2, refill: false).Generate(requests, CancellationToken.None).ToDictionary(r => r.ItemId);
        Assert.Equal([2L, 2L], waves.PrefillRows);
        foreach (var result in results) Assert.Equal(result.Samples[0].Text, stat[result.ItemId].Samples[0].Text);
    }

    [Fact]
    public void OutOfMemoryBatchesAreRetriedInHalvesAndGiveTheSameTexts()
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.Llama, "cpu", "float32");
        var limited = new MemoryLimitedModel(checkpoint.Model, maxRows: 2);
        var engine = new TorchGenerationEngine(limited, checkpoint.Tokenizer, 8);
        var lowered = new List<int>();
        engine.Budget.Lowered += lowered.Add;
        var results = engine.Generate(Requests(0, 1), CancellationToken.None).ToDictionary(r => r.ItemId);

        var one = Run(1, Requests(0, 1));
        Assert.Equal(Prompts.Length, results.Count);
        foreach (var (id, result) in one) Assert.Equal(result.Samples[0].Text, results[id].Samples[0].Text);
        Assert.Equal(1, limited.Refused);                  // the 4-row batch failed once...
        Assert.Equal([2], lowered);                        // ...and the limit dropped to 2 rows for good
        Assert.Equal(2, engine.Budget.Rows);

        // One prompt whose samples alone do not fit cannot be split: a clear error, not a loop.
        var ex = Assert.Throws<InsufficientMemoryException>(() => engine.Generate(
            [new GenerationRequest("x", Prompts[0], new SamplingOptions(4, 1.0, 1.0, []), 3, 1)], CancellationToken.None).ToList());
        Assert.Contains("3 sample(s)", ex.Message);
        Assert.Contains("out of memory", ex.Message);
    }

    [Fact]
    public void LiveTensorCountStaysFlatOverThousandsOfDecodeSteps()
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.Llama, "cpu", "float32");
        var engine = new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer, 4);
        GenerationRequest Long(ulong seed) => new("long", "Problem:", new SamplingOptions(2500, 1.0, 1.0, []), 1, seed);
        engine.Generate([Long(0)], CancellationToken.None).ToList();      // warm up lazily created state
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var steps = 0;
        for (ulong seed = 1; seed < 20 && steps < 3000; seed++)           // a random model may emit EOS early; keep going
            steps += engine.Generate([Long(seed)], CancellationToken.None).Single().Samples[0].GeneratedTokens;
        var after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.True(steps >= 3000, $"only {steps} decode steps");
        Assert.Equal(before, after);
    }
}
