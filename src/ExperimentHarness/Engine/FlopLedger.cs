using ExperimentHarness.Foundation;
using ExperimentHarness.Models;

namespace ExperimentHarness.Engine;

/// <summary>
/// The FLOP formulas of DESIGN.md "FLOP accounting" for one model shape. Forward FLOPs of a token that
/// attends to c keys: F(c) = 2·L·P_layer + 4·L·h·d_h·c, plus 2·d·V where its logits are computed. Norms,
/// rotary embeddings, activations and softmax (&lt; 1 %) are left out. With <see cref="ShapeFreeFlops"/> (the
/// formulas that need no model shape) this is every FLOP formula the harness uses.
/// </summary>
public sealed class FlopLedger(ModelShape shape)
{
    private readonly double _matrix = 2.0 * shape.Layers * shape.LayerMatrixParameters;
    private readonly double _attentionPerKey = 4.0 * shape.Layers * shape.Heads * shape.HeadDim;
    private readonly double _logits = 2.0 * shape.Hidden * shape.Vocab;

    public ModelShape Shape => shape;

    public double Forward(long keys, bool logits) => _matrix + _attentionPerKey * keys + (logits ? _logits : 0);

    /// <summary>Σ F(t), t = 1..P, with a causal kernel, logits at <paramref name="logitPositions"/> positions.</summary>
    public double CausalPrefill(long promptTokens, long logitPositions = 1) =>
        _matrix * promptTokens + _attentionPerKey / 2 * promptTokens * (promptTokens + 1) + _logits * logitPositions;

    /// <summary>What a prefill with an explicit (non-causal-kernel) mask executes: every query against every key.</summary>
    public double MaskedPrefill(long paddedTokens, long logitPositions = 1) => ChunkedPrefill(paddedTokens, paddedTokens, logitPositions);

    /// <summary>
    /// A masked prefill in chunks of at most <paramref name="chunkTokens"/> queries (<see cref="ChunkedPrefill"/> in the engine):
    /// each chunk's queries against every key up to the chunk's end, since the mask hides keys but does not skip them.
    /// </summary>
    public double ChunkedPrefill(long paddedTokens, long chunkTokens, long logitPositions = 1)
    {
        var queryKeyPairs = 0.0;
        for (long start = 0; start < paddedTokens; start += chunkTokens)
        {
            var length = Math.Min(chunkTokens, paddedTokens - start);
            queryKeyPairs += (double)length * (start + length);
        }
        return _matrix * paddedTokens + _attentionPerKey * queryKeyPairs + _logits * logitPositions;
    }

    /// <summary>G one-token forwards after a P-token prefix, forward g attending to P+g keys, each with logits.</summary>
    public double Decode(long promptTokens, long steps) =>
        steps * (_matrix + _logits) + _attentionPerKey * (steps * promptTokens + steps * (steps + 1) / 2.0);

    /// <summary>
    /// The canonical cost of a prompt of <paramref name="promptTokens"/> tokens and its samples (generated tokens each, in
    /// sample order): one causal prefill shared equally, then per sample the one-token forwards that produced tokens 2..G.
    /// </summary>
    public CanonicalGeneration CanonicalSamples(long promptTokens, IReadOnlyList<int> generatedTokens)
    {
        var prefill = CausalPrefill(promptTokens);
        var decodes = generatedTokens.Select(g => Decode(promptTokens, Math.Max(0, g - 1))).ToList();
        return new CanonicalGeneration(decodes.Select(d => prefill / decodes.Count + d).ToList(), prefill + decodes.Sum());
    }

    /// <summary>One optimizer step on <paramref name="rows"/> full causal rows of <paramref name="length"/> tokens: forward with logits at every position, × 3 for the backward pass.</summary>
    public double TrainingStep(long rows, long length) => 3 * rows * CausalPrefill(length, logitPositions: length);

    /// <summary>One fine-tuning step of a pooled-hidden-state head on <paramref name="rows"/> rows padded to <paramref name="paddedLength"/>: the masked prefill without logits, × 3 for the backward pass.</summary>
    public double FineTuningStep(long rows, long paddedLength) => 3 * rows * MaskedPrefill(paddedLength, logitPositions: 0);
}
