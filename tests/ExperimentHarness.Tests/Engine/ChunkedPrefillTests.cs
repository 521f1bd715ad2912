using ExperimentHarness.Engine;
using ExperimentHarness.Models;
using ExperimentHarness.Tests.Support;
using static TorchSharp.torch;

namespace ExperimentHarness.Tests.Engine;

public class ChunkedPrefillTests
{
    /// <summary>
    /// A ragged batch prefilled in chunks of 3 (pads in the first chunk, chunk edges inside every prompt) gives the same
    /// last-position logits as the one-piece prefill, and leaves a cache from which the next decode step agrees too.
    /// </summary>
    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    [InlineData("gpt_neox")]
    public void ChunksGiveTheOnePieceLogitsAndCache(string arch)
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.For(arch), "cpu", "float32");
        var model = checkpoint.Model;
        var prompts = new[] { "Ada has 12 apples. Then 5 more are added.", "How many?", "7 + 8 = 15, and 15 - 4 is" }
            .Select(p => (IReadOnlyList<int>)checkpoint.Tokenizer.Encode(p).ToList()).ToList();
        var batch = new LeftPaddedBatch(prompts);
        Assert.True(batch.Length > 6, "the batch must span several chunks");
        using var _ = no_grad();
        using var scope = NewDisposeScope();

        var (tokens, positions, valid, mask) = batch.ToTensors(CPU);
        using var wholeCache = NewCache(model, batch);
        var whole = model.Forward(tokens, positions, wholeCache, 0, mask, lastOnly: true).squeeze(1);
        using var chunkCache = NewCache(model, batch);
        var chunked = ChunkedPrefill.LastLogits(model, batch, chunkCache, chunkTokens: 3);
        Assert.Equal(whole.shape, chunked.shape);
        var diff = (whole - chunked).abs().max().item<float>();
        Assert.True(diff < 1e-4, $"max |Δlogit| after prefill = {diff}");

        // One more token per row, attending to everything each cache holds.
        var next = whole.argmax(-1).unsqueeze(1);
        var where = tensor(prompts.Select(p => (long)p.Count).ToArray()).unsqueeze(1);     // each row's next rotary position
        var stepMask = cat([valid, ones(batch.Rows, 1, ScalarType.Bool)], 1).view(batch.Rows, 1, 1, batch.Length + 1);
        var afterWhole = model.Forward(next, where, wholeCache, batch.Length, stepMask, lastOnly: true);
        var afterChunks = model.Forward(next, where, chunkCache, batch.Length, stepMask, lastOnly: true);
        var stepDiff = (afterWhole - afterChunks).abs().max().item<float>();
        Assert.True(stepDiff < 1e-4, $"max |Δlogit| at the next step = {stepDiff}");
    }

    /// <summary>
    /// Rows of one length take the causal kernel (no mask) for their first chunk, and masks after it: logits and the cache
    /// the next step reads agree with a one-piece masked prefill.
    /// </summary>
    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    [InlineData("gpt_neox")]
    public void UnpaddedRowsTakeTheCausalKernelAndAgreeWithTheMaskedPrefill(string arch)
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.For(arch), "cpu", "float32");
        var model = checkpoint.Model;
        var prompts = new[] { "Ada has 12 apples. Then 5 more are added.", "7 + 8 = 15, and 15 - 4 is 11, so the answer" }
            .Select(p => (IReadOnlyList<int>)checkpoint.Tokenizer.Encode(p).Take(9).ToList()).ToList();
        var batch = new LeftPaddedBatch(prompts);
        Assert.True(batch.Unpadded && batch.Length == 9);
        using var _ = no_grad();
        using var scope = NewDisposeScope();

        var (tokens, positions, valid, mask) = batch.ToTensors(CPU);
        using var maskedCache = NewCache(model, batch);
        var masked = model.Forward(tokens, positions, maskedCache, 0, mask, lastOnly: true).squeeze(1);
        foreach (var chunk in new[] { 9, 4 })
        {
            using var cache = NewCache(model, batch);
            var causal = ChunkedPrefill.LastLogits(model, batch, cache, chunkTokens: chunk);
            var diff = (masked - causal).abs().max().item<float>();
            Assert.True(diff < 1e-4, $"chunks of {chunk}: max |Δlogit| = {diff}");
            var next = masked.argmax(-1).unsqueeze(1);
            var where = full(batch.Rows, 1, 9L, ScalarType.Int64);
            var stepMask = ones(batch.Rows, 1, 1, 10, ScalarType.Bool);
            using var maskedCopy = maskedCache.Gather(arange(batch.Rows));
            var stepDiff = (model.Forward(next, where, maskedCopy, 9, stepMask, lastOnly: true)
                            - model.Forward(next, where, cache, 9, stepMask, lastOnly: true)).abs().max().item<float>();
            Assert.True(stepDiff < 1e-4, $"chunks of {chunk}: max |Δlogit| at the next step = {stepDiff}");
        }
    }

    [Fact]
    public void ChunksAreSizedSoTheirScoresStayBelowTheKvCache()
    {
        // SmolLM2-135M: L=30, h=9, g=3, d_h=64 → 30·3·64 / 18 = 320; the tiny preset is clamped up to 32.
        Assert.Equal(320, ChunkedPrefill.ChunkTokensFor(new ModelShape("llama", 30, 576, 9, 3, 64, 1536, 49152, true)));
        Assert.Equal(32, ChunkedPrefill.ChunkTokensFor(new ModelShape("llama", 2, 64, 4, 2, 16, 128, 300, true)));
    }

    [Fact]
    public void ChunkMaskFromZeroIsTheOnePieceMask()
    {
        var batch = new LeftPaddedBatch([[5, 6, 7, 8], [9, 10]]);
        using var scope = NewDisposeScope();
        var (_, _, valid, mask) = batch.ToTensors(CPU);
        // Rows 2 and 3 of the second sequence's mask, built as a chunk: pads hidden, causal, self allowed.
        var chunk = LeftPaddedBatch.ChunkMask(valid, 2, 2);
        Assert.True(chunk.eq(mask.narrow(2, 2, 2)).all().item<bool>());
        Assert.Equal(new long[] { 2, 1, 2, 4 }, chunk.shape);
        var pad = mask[1, 0, 0].data<bool>().ToArray();
        Assert.Equal(new[] { true, false, false, false }, pad);           // a pad query sees only itself
        var causal = mask[0, 0, 1].data<bool>().ToArray();
        Assert.Equal(new[] { true, true, false, false }, causal);         // no query sees a later key
        var real = mask[1, 0, 3].data<bool>().ToArray();
        Assert.Equal(new[] { false, false, true, true }, real);           // a real query never sees pads
    }

    private static KvCache NewCache(ICausalLanguageModel model, LeftPaddedBatch batch) =>
        new(model.Shape.Layers, batch.Rows, model.Shape.KvHeads, batch.Length + 1, model.Shape.HeadDim, float32, CPU);
}
