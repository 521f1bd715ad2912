namespace ExperimentHarness.Fitter;

/// <summary>
/// The CEG of one enhanced point. <see cref="Kind"/>: <c>fit</c> (inverted within the measured compute
/// range), <c>lower_bound</c> / <c>upper_bound</c> (the inverse lies beyond the largest / below the smallest
/// baseline: <see cref="Ceg"/> is the bound C_max/C or C_min/C the data support, <see cref="Extrapolated"/>
/// is true), or <c>refused</c> (<see cref="Note"/> says why; no number).
/// </summary>
public sealed record CegEstimate(
    string Family,
    string Benchmark,
    string Stack,
    string Model,
    double TrainingFlops,
    double Accuracy,
    double? Ceg,
    double[]? CegCi95,
    string Kind,
    bool Extrapolated,
    string? FitForm,
    string? IntervalMethod,
    string? Note,
    double? OneTimeCostFraction,
    double? InferenceCostMultiple,
    double? NetCeg);
