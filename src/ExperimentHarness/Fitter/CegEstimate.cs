using System.Text.Json.Serialization;

namespace ExperimentHarness.Fitter;

/// <summary>
/// The CEG of one enhanced point. <see cref="Kind"/>: <c>fit</c> (inverted within the measured compute
/// range), <c>lower_bound</c> / <c>upper_bound</c> (the inverse lies beyond the largest / below the smallest
/// baseline: <see cref="Ceg"/> is the bound C_max/C or C_min/C the data support, <see cref="Extrapolated"/>
/// is true), or <c>refused</c> (<see cref="Note"/> says why; no number). <see cref="ExtrapolatedCeg"/> is set only
/// with <see cref="FitOptions.Extrapolate"/>, for a <c>lower_bound</c>: the curve's inverse beyond the largest
/// baseline (the seed paper's estimate), written beside the bound and never in place of it.
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
    CegKind Kind,
    bool Extrapolated,
    string? FitForm,
    string? IntervalMethod,
    string? Note,
    double? OneTimeCostFraction,
    double? InferenceCostMultiple,
    double? NetCeg,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ExtrapolatedCeg = null);
