using ExperimentHarness.Models;
using static TorchSharp.torch;

namespace ExperimentHarness.Engine;

/// <summary>
/// Prefills a left-padded batch in chunks of at most <see cref="ChunkTokensFor"/> positions: each chunk's queries attend to the
/// keys written so far through a (B, 1, C, end) mask, so attention scores and activations never hold more than C query
/// positions. Without chunks a 1024-token prompt builds T² scores per head and layer, several times the size of the KV
/// cache it fills. Only the last chunk computes logits, at its last position; its cost is <see cref="FlopLedger.ChunkedPrefill"/>.
/// </summary>
public static class ChunkedPrefill
{
    /// <summary>
    /// Query positions per chunk for a shape. A chunk's attention scores (B·h·C·S, a few copies while the softmax runs)
    /// stay below the KV cache being filled (2·L·B·g·S·d_h) when C ≤ L·g·d_h / (2·h); 32 to 512 keeps matmuls efficient.
    /// </summary>
    public static int ChunkTokensFor(ModelShape shape) =>
        Math.Clamp(shape.Layers * shape.KvHeads * shape.HeadDim / (2 * shape.Heads), 32, 512);

    /// <summary>Writes every position of <paramref name="batch"/> into <paramref name="cache"/> and returns (B, V) float32 logits of the last position.</summary>
    public static Tensor LastLogits(ICausalLanguageModel model, LeftPaddedBatch batch, KvCache cache, int? chunkTokens = null)
    {
        using var scope = NewDisposeScope();
        var chunk = chunkTokens ?? ChunkTokensFor(model.Shape);
        var (tokens, positions, valid) = batch.Inputs(model.Device);
        Tensor? logits = null;
        for (long start = 0; start < batch.Length; start += chunk)
        {
            var length = Math.Min(chunk, batch.Length - start);
            using var chunkScope = NewDisposeScope();
            // Later chunks see earlier keys, which the causal kernel's top-left alignment cannot express: they take a mask.
            var mask = start == 0 && batch.Unpadded ? null : LeftPaddedBatch.ChunkMask(valid, start, length);
            var last = start + length == batch.Length;
            var output = model.Forward(tokens.narrow(1, start, length), positions.narrow(1, start, length), cache, start, mask, lastOnly: last);
            if (last) logits = output.squeeze(1).MoveToOuterDisposeScope();
        }
        return logits!.MoveToOuterDisposeScope();
    }
}
