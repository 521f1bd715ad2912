namespace ExperimentHarness.Enhancements;

/// <summary>Fixed settings of the one-time work enhancements do.</summary>
public static class CellDefaults
{
    /// <summary>Longest solution sampled for verifier training.</summary>
    public const int VerifierTrainTokens = 256;
}
