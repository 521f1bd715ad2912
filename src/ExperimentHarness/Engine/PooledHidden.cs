using ExperimentHarness.Models;
using static TorchSharp.torch;

namespace ExperimentHarness.Engine;

/// <summary>
/// One causal forward of token sequences as a left-padded batch (no logits), mean-pooled over each row's real
/// tokens: the features of the text embedder and of verifier fine-tuning. Tensors belong to the caller's dispose scope.
/// </summary>
public static class PooledHidden
{
    /// <returns>(rows, d) float32 means of the final hidden states, and the padded length the rows ran at.</returns>
    public static (Tensor Pooled, int PaddedLength) Of(ICausalLanguageModel model, IReadOnlyList<IReadOnlyList<int>> sequences)
    {
        var batch = new LeftPaddedBatch(sequences);
        var (tokens, positions, valid, mask) = batch.ToTensors(model.Device);
        using var cache = new KvCache(model.Shape.Layers, batch.Rows, model.Shape.KvHeads, batch.Length, model.Shape.HeadDim, model.DType, model.Device);
        var hidden = model.Hidden(tokens, positions, cache, 0, mask);                 // (B, T, d) float32
        var weights = valid.to(float32).unsqueeze(-1);                                 // (B, T, 1): 0 at pads
        return ((hidden * weights).sum(1) / weights.sum(1), batch.Length);
    }
}
