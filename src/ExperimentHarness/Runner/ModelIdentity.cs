namespace ExperimentHarness.Runner;

/// <summary>What the results record about the model: its name, where it came from, the hash of its weights, and the facts the CEG fitter needs.</summary>
public sealed record ModelIdentity(
    string Name,
    string Path,
    string WeightsSha256,
    string Architecture,
    string? Family,
    double? TrainingFlops,
    string Device,
    string DType);
