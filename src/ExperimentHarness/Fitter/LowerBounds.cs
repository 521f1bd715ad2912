namespace ExperimentHarness.Fitter;

/// <summary>An appendix-A bound: a larger baseline model scoring below a smaller enhanced one gives CEG ≥ C_L / C_E.</summary>
public sealed record LowerBound(string Family, string Benchmark, string Stack, string EnhancedModel, string BaselineModel,
    double EnhancedAccuracy, double BaselineAccuracy, double CegAtLeast);

/// <summary>Model-free lower bounds from pairs (larger un-enhanced, smaller enhanced); the best (largest) per enhanced point.</summary>
public static class LowerBounds
{
    public static IReadOnlyList<LowerBound> Best(IReadOnlyList<ScalingPoint> points) =>
        points.Where(p => !p.IsBaseline)
            .Select(e => points.Where(b => b.IsBaseline && b.Family == e.Family && b.Benchmark == e.Benchmark
                                           && b.TrainingFlops > e.TrainingFlops && b.Accuracy < e.Accuracy)
                .Select(b => new LowerBound(e.Family, e.Benchmark, e.Stack, e.Model, b.Model, e.Accuracy, b.Accuracy, b.TrainingFlops / e.TrainingFlops))
                .MaxBy(l => l.CegAtLeast))
            .OfType<LowerBound>()
            .ToList();
}
