using static TorchSharp.torch;

namespace ExperimentHarness.Models;

/// <summary>
/// A decoder-only language model with an external KV cache. Rows may be left-padded: <c>positions</c>
/// gives each token's rotary position and <c>mask</c> (B, 1, T, offset+T; true = may attend) hides pads
/// and future tokens. A null mask means unpadded rows written from position 0 at offset 0, attended with the causal
/// kernel (no T×T mask is built).
/// </summary>
public interface ICausalLanguageModel : IDisposable
{
    ModelShape Shape { get; }

    Device Device { get; }

    ScalarType DType { get; }

    /// <summary>
    /// tokens, positions: (B, T) int64. Writes the new keys/values into <paramref name="cache"/> at
    /// [offset, offset+T). Returns float32 logits (B, T, V), or (B, 1, V) for the last position only.
    /// </summary>
    Tensor Forward(Tensor tokens, Tensor positions, KvCache cache, long offset, Tensor? mask, bool lastOnly);

    /// <summary>Final hidden states after the last norm, (B, T, d) float32 (for verifier heads and retrieval embeddings).</summary>
    Tensor Hidden(Tensor tokens, Tensor positions, KvCache cache, long offset, Tensor mask);

    /// <summary>The LM head on hidden states (B, T, d) → float32 logits (B, T, V), e.g. only where they are needed.</summary>
    Tensor Logits(Tensor hidden);
}
