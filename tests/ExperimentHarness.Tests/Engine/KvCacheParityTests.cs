using ExperimentHarness.Models;
using ExperimentHarness.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentHarness.Tests.Engine;

public class KvCacheParityTests
{
    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    [InlineData("gpt_neox")]
    public void IncrementalDecodeMatchesFullRecompute(string arch)
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.For(arch), "cpu", "float32");
        Assert.Equal(arch, checkpoint.Model.Shape.Architecture);
        var model = checkpoint.Model;
        var ids = checkpoint.Tokenizer.Encode("Ada has 12 apples. Then 5 more apples are added. How many?").Select(i => (long)i).ToArray();
        const int prefix = 6;
        using var _ = no_grad();

        // Full recompute: all tokens in one causal forward.
        using var fullCache = new KvCache(model.Shape.Layers, 1, model.Shape.KvHeads, ids.Length, model.Shape.HeadDim, float32, CPU);
        using var fullTokens = tensor(ids).unsqueeze(0);
        using var fullPositions = arange(ids.Length, dtype: int64).unsqueeze(0);
        using var causal = ones(ids.Length, ids.Length, ScalarType.Bool).tril().view(1, 1, ids.Length, ids.Length);
        using var full = model.Forward(fullTokens, fullPositions, fullCache, 0, causal, lastOnly: false);   // (1, T, V)

        // Incremental: prefill a prefix, then one token at a time through the cache.
        using var cache = new KvCache(model.Shape.Layers, 1, model.Shape.KvHeads, ids.Length, model.Shape.HeadDim, float32, CPU);
        using var prefixMask = ones(prefix, prefix, ScalarType.Bool).tril().view(1, 1, prefix, prefix);
        using var prefixLogits = model.Forward(tensor(ids[..prefix]).unsqueeze(0), arange(prefix, dtype: int64).unsqueeze(0), cache, 0, prefixMask, lastOnly: true);
        Assert.True(prefixLogits[0, 0].allclose(full[0, prefix - 1], rtol: 0, atol: 1e-4));
        for (var t = prefix; t < ids.Length; t++)
        {
            using var scope = NewDisposeScope();
            var step = model.Forward(tensor(new[] { ids[t] }).view(1, 1), tensor(new long[] { t }).view(1, 1), cache, t,
                ones(1, 1, 1, t + 1, ScalarType.Bool), lastOnly: true);
            var diff = (step[0, 0] - full[0, t]).abs().max().item<float>();
            Assert.True(diff < 1e-4, $"position {t}: max |Δlogit| = {diff}");
        }
    }
}
