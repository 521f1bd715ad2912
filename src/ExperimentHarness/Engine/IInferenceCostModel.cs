namespace ExperimentHarness.Engine;

/// <summary>
/// Canonical FLOPs of the plain baseline for one item — its zero-shot prompt, one sample of a given
/// length — so every summary can state an enhancement's inference cost as a multiple of the baseline's; and the canonical
/// FLOPs of a prompt's samples, which an item that reuses stored samples needs to charge exactly what generating them all
/// would have charged.
/// </summary>
public interface IInferenceCostModel
{
    double BaselineFlops(string zeroShotPrompt, int generatedTokens);

    CanonicalGeneration Samples(int promptTokens, IReadOnlyList<int> generatedTokens);
}
