namespace ExperimentHarness.Engine;

/// <summary>
/// Canonical FLOPs of the plain baseline for one item — its zero-shot prompt, one sample of a given
/// length — so every summary can state an enhancement's inference cost as a multiple of the baseline's.
/// </summary>
public interface IInferenceCostModel
{
    double BaselineFlops(string zeroShotPrompt, int generatedTokens);
}
