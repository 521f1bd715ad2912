using ExperimentHarness.Engine;
using ExperimentHarness.Models;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Engine;

public class TextEmbedderTests
{
    private static readonly string[] Texts =
    [
        "Problem: Ada has 3 apples and buys 4 more. How many apples does she have?",
        "Hi",
        "",
        "Problem: Ben has 12 marbles.",
        "A much longer text about trains that leave stations at different times and speeds, with numbers 12, 40 and 7.",
        "Hi",
    ];

    [Fact]
    public void BatchedEmbeddingsEqualOneAtATimeInInputOrderWithPaddingChargedAsExecuted()
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.Llama, "cpu", "float32");
        var single = new TorchTextEmbedder(checkpoint.Model, checkpoint.Tokenizer, "x", new MemoryBudget(1));
        var batched = new TorchTextEmbedder(checkpoint.Model, checkpoint.Tokenizer, "x", new MemoryBudget(4));
        var (one, oneFlops) = single.Embed(Texts, CancellationToken.None);
        var (many, manyFlops) = batched.Embed(Texts, CancellationToken.None);
        var ledger = new FlopLedger(checkpoint.Model.Shape);

        Assert.Equal(Texts.Length, many.Count);
        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(1.0, Math.Sqrt(many[i].Sum(x => (double)x * x)), 5);
            for (var d = 0; d < one[i].Length; d++) Assert.Equal(one[i][d], many[i][d], 4);
            Assert.Equal(oneFlops[i].Canonical, manyFlops[i].Canonical, 6);   // canonical cost does not depend on batching
            // Alone, a text runs its own masked (full-square) prefill; in a batch, at least that.
            var tokens = Math.Max(1, checkpoint.Tokenizer.Encode(Texts[i]).Count);
            Assert.Equal(ledger.MaskedPrefill(tokens, logitPositions: 0), oneFlops[i].Executed, 6);
            Assert.Equal(ledger.CausalPrefill(tokens, logitPositions: 0), oneFlops[i].Canonical, 6);
            Assert.True(manyFlops[i].Executed >= oneFlops[i].Executed);
        }
        Assert.Equal(many[1], many[5]);                                         // same text, same vector
        Assert.NotEqual(many[0], many[3]);
        Assert.Contains(Enumerable.Range(0, Texts.Length), i => manyFlops[i].Executed > oneFlops[i].Executed);   // short rows pay for pads
    }

    [Fact]
    public void ATokenBudgetSplitsBatchesWithoutChangingTheVectors()
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.Llama, "cpu", "float32");
        var wide = new TorchTextEmbedder(checkpoint.Model, checkpoint.Tokenizer, "x", new MemoryBudget(16)).Embed(Texts, CancellationToken.None);
        var narrow = new TorchTextEmbedder(checkpoint.Model, checkpoint.Tokenizer, "x", new MemoryBudget(16), maxBatchTokens: 8).Embed(Texts, CancellationToken.None);
        for (var i = 0; i < Texts.Length; i++)
            for (var d = 0; d < wide.Vectors[i].Length; d++) Assert.Equal(wide.Vectors[i][d], narrow.Vectors[i][d], 4);
        // A budget of 8 padded tokens cannot hold two rows of the longest text, so its row ran alone, unpadded.
        var longest = Enumerable.Range(0, Texts.Length).MaxBy(i => Texts[i].Length);
        var tokens = checkpoint.Tokenizer.Encode(Texts[longest]).Count;
        Assert.True(tokens > 8);
        Assert.Equal(new FlopLedger(checkpoint.Model.Shape).MaskedPrefill(tokens, logitPositions: 0), narrow.Flops[longest].Executed, 6);
    }
}
