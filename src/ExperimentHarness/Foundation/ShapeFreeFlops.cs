namespace ExperimentHarness.Foundation;

/// <summary>
/// The FLOP ledger's formulas that need no model shape. They sit in Foundation, not beside
/// <c>Engine/FlopLedger</c>, because the retrieval index (Enhancements, below Engine) counts its search with
/// one of them; every other FLOP formula is <c>FlopLedger</c>'s. DESIGN.md "FLOP accounting".
/// </summary>
public static class ShapeFreeFlops
{
    /// <summary>Exact cosine search of one query against <paramref name="vectors"/> unit vectors: a multiply and an add per element.</summary>
    public static double CosineSearch(long vectors, long dimension) => 2.0 * vectors * dimension;

    /// <summary>
    /// A logistic head of <paramref name="dimension"/> inputs trained full-batch on frozen features: forward and
    /// backward ≈ 3 × the forward's 2·d per example, for every example in every epoch.
    /// </summary>
    public static double LogisticHeadTraining(long dimension, long examples, long epochs) => 6.0 * dimension * examples * epochs;

    /// <summary>Training compute by the Chinchilla/Epoch convention, C = 6·N·D, reported beside the ledger's measured figure.</summary>
    public static double SixNd(double parameters, double tokens) => 6 * parameters * tokens;
}
