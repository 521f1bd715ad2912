namespace ExperimentHarness.Models;

/// <summary>
/// The sizes that determine a decoder's compute (DESIGN.md "FLOP accounting" notation): L layers,
/// d hidden, h query heads, g KV heads, d_h head dim, f MLP width, V vocab.
/// </summary>
public sealed record ModelShape(
    string Architecture,
    int Layers,
    int Hidden,
    int Heads,
    int KvHeads,
    int HeadDim,
    int MlpWidth,
    int Vocab,
    bool TiedEmbeddings)
{
    /// <summary>Matrix parameters of one layer: Q, K, V, O projections and the MLP.</summary>
    public double LayerMatrixParameters => Architecture == "gpt_neox"
        ? 4.0 * Hidden * Hidden + 2.0 * Hidden * MlpWidth
        : (double)Hidden * Heads * HeadDim + 2.0 * Hidden * KvHeads * HeadDim + (double)Heads * HeadDim * Hidden + 3.0 * Hidden * MlpWidth;
}
