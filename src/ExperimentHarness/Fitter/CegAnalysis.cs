namespace ExperimentHarness.Fitter;

/// <summary>The whole fit: per (family, benchmark) baselines and CEGs, appendix-A bounds, combination ratios, warnings.</summary>
public sealed record CegAnalysis(
    IReadOnlyList<BaselineFit> Baselines,
    IReadOnlyList<CegEstimate> Estimates,
    IReadOnlyList<LowerBound> LowerBounds,
    IReadOnlyList<CombinationRatio> Combinations,
    IReadOnlyList<SlopeComparison> SlopeComparisons,
    IReadOnlyList<string> Warnings,
    FitOptions Options)
{
    public static CegAnalysis Run(IReadOnlyList<ScalingPoint> points, FitOptions options)
    {
        var baselines = new List<BaselineFit>();
        var estimates = new List<CegEstimate>();
        var combinations = new List<CombinationRatio>();
        var slopes = new List<SlopeComparison>();
        var warnings = new List<string>();
        foreach (var group in points.GroupBy(p => (p.Family, p.Benchmark)).OrderBy(g => g.Key.Family).ThenBy(g => g.Key.Benchmark))
        {
            var chance = ChanceRates.ForGroup(group.Key.Family, group.Key.Benchmark, group.ToList());
            var result = CegEstimator.Estimate(group.Key.Family, group.Key.Benchmark, group.ToList(), chance.Value, options);
            if (result.Baseline is not null) baselines.Add(result.Baseline with { ChanceBasis = chance.Basis });
            estimates.AddRange(result.Estimates);
            combinations.AddRange(Fitter.Combinations.Find(result.Estimates, result.Log10CegReplicates, group.ToList()));
            if (result.Baseline is { Refusal: null })
                slopes.AddRange(Fitter.SlopeComparisons.Compare(group.ToList(), chance.Value));
            warnings.AddRange(result.Warnings.Select(w => $"{group.Key.Family}/{group.Key.Benchmark}: {w}"));
        }
        var bounds = Fitter.LowerBounds.Find(points, options.BoundAlpha);
        warnings.AddRange(bounds.Notes);
        return new CegAnalysis(baselines, estimates, bounds.Bounds, combinations, slopes, warnings.Distinct().ToList(), options);
    }
}
