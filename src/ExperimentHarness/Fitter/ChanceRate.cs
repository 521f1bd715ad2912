namespace ExperimentHarness.Fitter;

/// <summary>The accuracy of guessing on a task — the floor of the logistic baseline — and where that number came from.</summary>
public sealed record ChanceRate(double Value, string Basis);
