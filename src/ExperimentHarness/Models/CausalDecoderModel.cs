using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentHarness.Models;

/// <summary>
/// What every decoder architecture shares around its own blocks: run the stack to final hidden states,
/// keep only the last position when generating, project to float32 logits. Subclasses give the two
/// architecture-specific steps, <see cref="DecodeHidden"/> and <see cref="Project"/>. Subclasses create every
/// parameter on <paramref name="device"/> in <paramref name="dtype"/> (passed to each layer, never set as torch's
/// process-wide default), so a bf16 model on the GPU never exists as an fp32 CPU copy first.
/// </summary>
public abstract class CausalDecoderModel(string name, Device device, ScalarType dtype) : nn.Module(name), ICausalLanguageModel
{
    public abstract ModelShape Shape { get; }

    public Device Device { get; } = device;

    public ScalarType DType { get; } = dtype;

    public Tensor Forward(Tensor tokens, Tensor positions, KvCache cache, long offset, Tensor? mask, bool lastOnly)
    {
        using var scope = NewDisposeScope();
        if (mask is null && offset != 0) throw new ArgumentException("the causal kernel (no mask) serves only rows written from offset 0", nameof(mask));
        var hidden = DecodeHidden(tokens, positions, cache, offset, mask);       // (B, T, d)
        if (lastOnly) hidden = hidden.narrow(1, hidden.shape[1] - 1, 1);         // (B, 1, d)
        return Project(hidden).to(float32).MoveToOuterDisposeScope();           // (B, T', V)
    }

    public Tensor Hidden(Tensor tokens, Tensor positions, KvCache cache, long offset, Tensor mask)
    {
        using var scope = NewDisposeScope();
        return DecodeHidden(tokens, positions, cache, offset, mask).to(float32).MoveToOuterDisposeScope();
    }

    public Tensor Logits(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return Project(hidden.to(DType)).to(float32).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The training forward: float32 logits (B, T, V) at every position of unpadded rows that start at position 0,
    /// with the causal attention kernel (no mask tensor). Gradients flow; tensors belong to the caller's scope.
    /// </summary>
    public Tensor CausalLogits(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var (b, t) = (tokens.shape[0], tokens.shape[1]);
        using var end = t.ToScalar();
        var positions = arange(PinnedScalars.Zero, end, PinnedScalars.One, int64, Device).unsqueeze(0).expand(b, t);
        using var cache = new KvCache(Shape.Layers, b, Shape.KvHeads, t, Shape.HeadDim, DType, Device);
        var hidden = DecodeHidden(tokens, positions, cache, 0, mask: null);    // (B, T, d)
        return Project(hidden).to(float32).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Embeddings, blocks (writing the cache) and the final norm: (B, T) tokens → (B, T, d). A null
    /// <paramref name="mask"/> means causal rows from position 0 (<see cref="CausalLogits"/>).
    /// </summary>
    protected abstract Tensor DecodeHidden(Tensor tokens, Tensor positions, KvCache cache, long offset, Tensor? mask);

    /// <summary>The LM head: (B, T, d) → (B, T, V).</summary>
    protected abstract Tensor Project(Tensor hidden);
}
