namespace ExperimentHarness.Fitter;

/// <summary>
/// An appendix-A bound: a smaller enhanced model significantly above a larger baseline gives CEG ≥ C_L / C_E.
/// <see cref="Test"/> holds the item counts and the one-sided p-value the bound rests on.
/// </summary>
public sealed record LowerBound(string Family, string Benchmark, string Stack, string EnhancedModel, string BaselineModel,
    double EnhancedAccuracy, double BaselineAccuracy, double CegAtLeast, FisherExactTest Test);

/// <summary>The bounds the data support, and a note for every enhanced point whose naive bound was not (or could not be) tested significant.</summary>
public sealed record LowerBoundSearch(IReadOnlyList<LowerBound> Bounds, IReadOnlyList<string> Notes);

/// <summary>
/// Model-free lower bounds from pairs (larger un-enhanced, smaller enhanced). A pair counts only when the
/// enhanced accuracy is significantly above the baseline's (one-sided Fisher's exact test on the item
/// counts at <c>alpha</c>): scoring 0.2 % against 0.0 % says nothing about a 67× gain. Pairs without item
/// counts cannot be tested and give no bound. The best (largest C_L/C_E) significant pair per enhanced point is kept.
/// </summary>
public static class LowerBounds
{
    public static LowerBoundSearch Find(IReadOnlyList<ScalingPoint> points, double alpha)
    {
        var bounds = new List<LowerBound>();
        var notes = new List<string>();
        foreach (var e in points.Where(p => !p.IsBaseline))
        {
            var above = points.Where(b => b.IsBaseline && b.Family == e.Family && b.Benchmark == e.Benchmark
                                          && b.TrainingFlops > e.TrainingFlops && b.Accuracy < e.Accuracy)
                .OrderByDescending(b => b.TrainingFlops).ToList();
            if (above.Count == 0) continue;
            var tested = above.Where(b => b.N is > 0 && e.N is > 0)
                .Select(b => (Baseline: b, Test: FisherExactTest.Run(e.Correct!.Value, e.N!.Value, b.Correct!.Value, b.N!.Value, alpha)))
                .ToList();
            var best = tested.FirstOrDefault(t => t.Test.Significant);
            if (best.Baseline is not null)
                bounds.Add(new LowerBound(e.Family, e.Benchmark, e.Stack, e.Model, best.Baseline.Model, e.Accuracy, best.Baseline.Accuracy,
                    best.Baseline.TrainingFlops / e.TrainingFlops, best.Test));
            var naive = above[0];
            if (best.Baseline != naive) notes.Add(Note(e, naive, tested.FirstOrDefault(t => t.Baseline == naive).Test, best.Baseline));
        }
        return new LowerBoundSearch(bounds, notes);
    }

    private static string Note(ScalingPoint e, ScalingPoint naive, FisherExactTest? test, ScalingPoint? kept)
    {
        var claim = $"{e.Family}/{e.Benchmark}: appendix-A bound for `{e.Stack}` on {e.Model} ({e.Accuracy:P1}) over {naive.Model} ({naive.Accuracy:P1}, CEG ≥ {naive.TrainingFlops / e.TrainingFlops:G3})";
        var why = test is null
            ? "untested: item counts (n) unknown"
            : $"not significant: one-sided Fisher's exact test, {test.HigherCorrect}/{test.HigherN} vs {test.LowerCorrect}/{test.LowerN}, p = {test.PValue:G3} ≥ {test.Alpha:G3}";
        var instead = kept is null ? "no bound listed" : $"listed bound is over {kept.Model} instead (CEG ≥ {kept.TrainingFlops / e.TrainingFlops:G3})";
        return $"{claim} is {why}; {instead}";
    }
}
