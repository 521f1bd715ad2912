namespace ExperimentHarness.Fitter;

/// <summary>CEG(A+B) / (CEG(A)·CEG(B)) on one model: below 1 means the gains of A and B do not fully combine.</summary>
public sealed record CombinationRatio(string Family, string Benchmark, string Model, string StackA, string StackB, string Combined,
    double Ratio, double[]? Ci95);

/// <summary>
/// Finds stacks whose elements split into a leading part A and the rest B where A and B were also run on the same
/// model, and compares the gains. Stacks are matched by their element lists (<see cref="ScalingPoint.Elements"/>), never by
/// cutting ids apart. Only point estimates of kind <c>fit</c> are combined; the interval comes from the same bootstrap
/// replicates as the CEGs.
/// </summary>
public static class Combinations
{
    public static IReadOnlyList<CombinationRatio> Find(IReadOnlyList<CegEstimate> estimates, IReadOnlyDictionary<(string Stack, string Model), double[]> replicates,
        IReadOnlyList<ScalingPoint> points)
    {
        var elements = points.GroupBy(p => p.Stack).ToDictionary(g => g.Key, g => g.First().Elements);
        var fits = estimates.Where(e => e.Kind == CegKind.Fit && e.Ceg is not null && elements.ContainsKey(e.Stack)).ToList();
        var byElements = new Dictionary<(string, string), CegEstimate>();
        foreach (var e in fits) byElements.TryAdd((Key(elements[e.Stack]), e.Model), e);
        var ratios = new List<CombinationRatio>();
        foreach (var combined in fits)
        {
            var parts = elements[combined.Stack];
            for (var cut = 1; cut < parts.Count; cut++)
            {
                if (!byElements.TryGetValue((Key(parts.Take(cut)), combined.Model), out var ea)
                    || !byElements.TryGetValue((Key(parts.Skip(cut)), combined.Model), out var eb)) continue;
                double[]? ci = null;
                if (replicates.TryGetValue((combined.Stack, combined.Model), out var rc) && replicates.TryGetValue((ea.Stack, combined.Model), out var ra)
                    && replicates.TryGetValue((eb.Stack, combined.Model), out var rb))
                {
                    var logs = rc.Select((v, i) => v - ra[i] - rb[i]).ToList();
                    ci = [Math.Pow(10, CegEstimator.Percentile(logs, 0.025)), Math.Pow(10, CegEstimator.Percentile(logs, 0.975))];
                }
                ratios.Add(new CombinationRatio(combined.Family, combined.Benchmark, combined.Model, ea.Stack, eb.Stack, combined.Stack,
                    combined.Ceg!.Value / (ea.Ceg!.Value * eb.Ceg!.Value), ci));
            }
        }
        return ratios;
    }

    /// <summary>A lookup key for a list of elements (a separator no element text contains); never split again.</summary>
    private static string Key(IEnumerable<string> elements) => string.Join('\u001f', elements);
}
