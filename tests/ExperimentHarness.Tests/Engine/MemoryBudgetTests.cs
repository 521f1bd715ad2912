using System.Runtime.InteropServices;
using ExperimentHarness.Engine;
using ExperimentHarness.Models;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Engine;

public class MemoryBudgetTests
{
    private static ExternalException CudaOutOfMemory(int rows) => new($"CUDA out of memory. Tried to allocate 2.00 GiB (simulated: {rows} rows)");

    [Fact]
    public void TheClassifierKnowsTheCudaAndCpuAllocatorMessagesAndNothingElse()
    {
        Assert.True(OutOfMemory.Is(CudaOutOfMemory(4)));
        Assert.True(OutOfMemory.Is(new ExternalException("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate memory: you tried to allocate 8589934592 bytes")));
        Assert.True(OutOfMemory.Is(new OutOfMemoryException()));
        Assert.False(OutOfMemory.Is(new ExternalException("The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 1")));
    }

    [Fact]
    public void BatchesAboveWhatFitsAreHalvedAndEverySequenceRunsExactlyOnce()
    {
        var budget = new MemoryBudget(8);
        var lowered = new List<int>();
        budget.Lowered += lowered.Add;
        var ran = new List<int>();
        var refused = 0;
        budget.InBatches(Enumerable.Range(1, 11).ToList(), 1 << 20, batch =>
        {
            if (batch.Count > 3) { refused++; throw CudaOutOfMemory(batch.Count); }
            ran.AddRange(batch);
        }, _ => "test work", CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 11), ran.Order());   // each once, none lost with the failed batches
        Assert.Equal([4, 2], lowered);                        // 8 rows failed, then 4; 2 fit
        Assert.Equal(2, budget.Rows);
        Assert.Equal(2, refused);
    }

    [Fact]
    public void OtherFailuresPassThroughAndOneRowThatDoesNotFitIsAClearError()
    {
        var budget = new MemoryBudget(4);
        Assert.Throws<ArgumentException>(() => budget.InBatches([5, 5], 100, _ => throw new ArgumentException("bad"), _ => "x", CancellationToken.None));
        Assert.Equal(4, budget.Rows);

        var ex = Assert.Throws<InsufficientMemoryException>(() =>
            budget.InBatches([5, 5], 100, batch => throw CudaOutOfMemory(batch.Count), batch => $"scoring {batch.Count} option(s)", CancellationToken.None));
        Assert.StartsWith("out of memory scoring 1 option(s)", ex.Message);
        Assert.Equal(1, budget.Rows);
    }

    /// <summary>The log-likelihood scorer and the embedder back off like the engine, through the one budget they share.</summary>
    [Fact]
    public void ScorerAndEmbedderShareOneBudgetAndGiveTheSameNumbersAfterBackingOff()
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.Llama, "cpu", "float32");
        var limited = new MemoryLimitedModel(checkpoint.Model, maxRows: 2);
        var budget = new MemoryBudget(8);
        var lowered = new List<int>();
        budget.Lowered += lowered.Add;
        var requests = new[]
        {
            new ContinuationRequest("Problem: Ada has 3 apples. How many?\nAnswer:", [" 3", " three apples", " 4"]),
            new ContinuationRequest("Q: Is the sky green?\nAnswer:", [" yes", " no"]),
            new ContinuationRequest("Problem: Ben has 12 marbles and loses 5 of them. How many are left?\nAnswer:", [" 7", " 17", " seven", " 5"]),
        };
        var backedOff = new TorchContinuationScorer(limited, checkpoint.Tokenizer, budget).ScoreMany(requests, CancellationToken.None);
        var unlimited = new TorchContinuationScorer(checkpoint.Model, checkpoint.Tokenizer, new MemoryBudget(2)).ScoreMany(requests, CancellationToken.None);

        Assert.Equal([4, 2], lowered);
        Assert.Equal(2, limited.Refused);
        for (var r = 0; r < requests.Length; r++)
            for (var o = 0; o < requests[r].Continuations.Count; o++)
            {
                Assert.Equal(unlimited[r][o].LogProbability, backedOff[r][o].LogProbability, 4);
                Assert.Equal(unlimited[r][o].Flops, backedOff[r][o].Flops);
            }

        // The embedder on the same budget starts at the lowered limit: no further failure.
        string[] texts = ["one", "two words", "three more words", "a text of five words", "six", "seven eight"];
        var (vectors, _) = new TorchTextEmbedder(limited, checkpoint.Tokenizer, "x", budget).Embed(texts, CancellationToken.None);
        var (expected, _) = new TorchTextEmbedder(checkpoint.Model, checkpoint.Tokenizer, "x", new MemoryBudget(2)).Embed(texts, CancellationToken.None);
        Assert.Equal(2, limited.Refused);
        for (var i = 0; i < texts.Length; i++) Assert.Equal(expected[i], vectors[i], (a, b) => Math.Abs(a - b) < 1e-5);

        // An embedder with a budget of its own backs off by itself.
        var alone = new MemoryLimitedModel(checkpoint.Model, maxRows: 2);
        var ownBudget = new MemoryBudget(8);
        var (again, _) = new TorchTextEmbedder(alone, checkpoint.Tokenizer, "x", ownBudget).Embed(texts, CancellationToken.None);
        Assert.Equal(1, ownBudget.Rows);        // six texts failed, then three; one at a time fits
        Assert.Equal(2, alone.Refused);
        for (var i = 0; i < texts.Length; i++) Assert.Equal(expected[i], again[i], (a, b) => Math.Abs(a - b) < 1e-5);
    }
}
