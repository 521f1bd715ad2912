using ExperimentHarness.Engine;
using ExperimentHarness.Models;
using ExperimentHarness.Tests.Support;
using static TorchSharp.torch;

namespace ExperimentHarness.Tests.Engine;

public class ContinuationScorerTests
{
    [Fact]
    public void LogLikelihoodMatchesADirectComputationAndIgnoresPadding()
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.Llama, "cpu", "float32");
        var scorer = new TorchContinuationScorer(checkpoint.Model, checkpoint.Tokenizer);
        const string context = "Problem: Ada has 3 apples. How many?\nAnswer:";
        var together = scorer.ScoreMany([new ContinuationRequest(context, [" 3", " three apples in total", " 4"])], CancellationToken.None)[0];
        var alone = scorer.ScoreMany([new ContinuationRequest(context, [" 3"])], CancellationToken.None)[0];
        Assert.Equal(alone[0].LogProbability, together[0].LogProbability, 4);     // left padding of the shorter row changes nothing

        // Direct: one unpadded forward over context + " 3", summing log p(continuation tokens).
        var ctx = checkpoint.Tokenizer.Encode(context);
        var cont = checkpoint.Tokenizer.Encode(" 3");
        var ids = ctx.Concat(cont).Select(i => (long)i).ToArray();
        using var _ = no_grad();
        using var cache = new KvCache(checkpoint.Model.Shape.Layers, 1, checkpoint.Model.Shape.KvHeads, ids.Length, checkpoint.Model.Shape.HeadDim, float32, CPU);
        using var mask = ones(ids.Length, ids.Length, ScalarType.Bool).tril().view(1, 1, ids.Length, ids.Length);
        using var logits = checkpoint.Model.Forward(tensor(ids).unsqueeze(0), arange(ids.Length, dtype: int64).unsqueeze(0), cache, 0, mask, lastOnly: false);
        using var logProbs = nn.functional.log_softmax(logits[0], -1);
        var expected = Enumerable.Range(0, cont.Count).Sum(k => (double)logProbs[ctx.Count + k - 1, cont[k]].item<float>());
        Assert.Equal(expected, alone[0].LogProbability, 4);
        Assert.Equal(cont.Count, alone[0].Tokens);
        Assert.True(together[1].Tokens > together[0].Tokens);
        Assert.True(alone[0].LogProbability < 0);
        var ledger = new FlopLedger(checkpoint.Model.Shape);
        Assert.Equal(ledger.CausalPrefill(ids.Length, cont.Count), alone[0].Flops.Canonical, 3);
        // Executed: the padded rows with an explicit mask, logits only over the longest continuation's window.
        var longest = checkpoint.Tokenizer.Encode(" three apples in total").Count;
        Assert.Equal(ledger.MaskedPrefill(ctx.Count + longest, logitPositions: longest), together[0].Flops.Executed, 3);
        Assert.Equal(ledger.MaskedPrefill(ids.Length, logitPositions: cont.Count), alone[0].Flops.Executed, 3);
    }

    [Fact]
    public void ManyItemsPackedIntoSharedBatchesScoreAsEachAlone()
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.Llama, "cpu", "float32");
        var requests = new[]
        {
            new ContinuationRequest("Problem: Ada has 3 apples. How many?\nAnswer:", [" 3", " three apples", " 4"]),
            new ContinuationRequest("Q: Is the sky green?\nAnswer:", [" yes", " no"]),
            new ContinuationRequest("Problem: Ben has 12 marbles and loses 5 of them. How many are left?\nAnswer:", [" 7", " 17", " seven marbles left", " 5"]),
        };
        var packed = new TorchContinuationScorer(checkpoint.Model, checkpoint.Tokenizer, new MemoryBudget(4)).ScoreMany(requests, CancellationToken.None);
        var alone = new TorchContinuationScorer(checkpoint.Model, checkpoint.Tokenizer);
        Assert.Equal(requests.Length, packed.Count);
        for (var r = 0; r < requests.Length; r++)
        {
            var each = alone.ScoreMany([requests[r]], CancellationToken.None)[0];
            Assert.Equal(each.Count, packed[r].Count);
            for (var o = 0; o < each.Count; o++)
            {
                Assert.Equal(each[o].LogProbability, packed[r][o].LogProbability, 4);
                Assert.Equal(each[o].Tokens, packed[r][o].Tokens);
                Assert.Equal(each[o].Flops.Canonical, packed[r][o].Flops.Canonical, 3);
            }
        }
        // 9 options in rows of at most 4: three batches, so options of different items shared a batch.
        Assert.True(packed.SelectMany(p => p).Select(s => s.Flops.Executed).Distinct().Count() >= 2);
    }
}
