namespace ExperimentHarness.Engine;

/// <summary>
/// Canonical FLOPs of a prompt's samples: one causal prefill shared equally by the samples, plus each sample's decodes
/// (<see cref="FlopLedger.CanonicalSamples"/>); <see cref="Total"/> is the prefill plus every decode.
/// </summary>
public sealed record CanonicalGeneration(IReadOnlyList<double> PerSample, double Total);
