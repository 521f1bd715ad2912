using ExperimentHarness.Fitter;

namespace ExperimentHarness.Report;

/// <summary>
/// Everything a reader of one benchmark's numbers should know, in words: the baseline's refusal, each estimate that is a bound
/// or refused and why, the fitter's warnings for this benchmark, and cells that are incomplete, mostly unparseable or off the curve.
/// </summary>
public static class BenchmarkWarnings
{
    /// <summary>Share of unparseable answers from which a cell is called out.</summary>
    public const double InvalidRateWorthNoting = 0.2;

    public static IReadOnlyList<string> For(string family, string benchmark, IReadOnlyList<CellSummary> cells, BaselineFit? fit,
        IReadOnlyList<CegEstimate> estimates, CegAnalysis? analysis)
    {
        var warnings = new List<string>();
        if (fit?.Refusal is { } refusal) warnings.Add($"CEG refused for every stack: {refusal}");
        foreach (var group in estimates.Where(e => e.Kind == CegKind.Refused && e.Note != fit?.Refusal).GroupBy(e => e.Note))
            warnings.Add($"refused ({string.Join(", ", group.Select(e => $"{e.Stack} on {e.Model}"))}): {group.Key}");
        foreach (var e in estimates.Where(e => e.Kind is CegKind.LowerBound or CegKind.UpperBound))
            warnings.Add($"{e.Stack} on {e.Model} is a bound, not a measured gain: {e.Note}");
        var prefix = $"{family}/{benchmark}: ";
        warnings.AddRange(analysis?.Warnings.Where(w => w.StartsWith(prefix, StringComparison.Ordinal)).Select(w => w[prefix.Length..]) ?? []);
        foreach (var c in cells)
        {
            if (!c.Complete) warnings.Add($"{c.Stack} on {c.Model}: incomplete, {c.N} of {c.ItemsPlanned} items finished (rerun the config to resume)");
            if (c.InvalidRate >= InvalidRateWorthNoting) warnings.Add($"{c.Stack} on {c.Model}: {HtmlText.Percent(c.InvalidRate)} of submitted answers were unparseable");
            if (c.Family is null || c.TrainingFlops is null)
                warnings.Add($"{c.Stack} on {c.Model}: not on the scaling curve (the model has no family or training FLOPs in its run config)");
        }
        return warnings.Distinct().ToList();
    }
}
