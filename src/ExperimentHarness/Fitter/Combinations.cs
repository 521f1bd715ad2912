namespace ExperimentHarness.Fitter;

/// <summary>CEG(A+B) / (CEG(A)·CEG(B)) on one model: below 1 means the gains of A and B do not fully combine.</summary>
public sealed record CombinationRatio(string Family, string Benchmark, string Model, string StackA, string StackB, string Combined,
    double Ratio, double[]? Ci95);

/// <summary>
/// Finds stacks whose canonical id is "A+B" where A and B were also run on the same model (stack ids join
/// their elements with '+'), and compares the gains. Only point estimates of kind <c>fit</c> are combined;
/// the interval comes from the same bootstrap replicates as the CEGs.
/// </summary>
public static class Combinations
{
    public static IReadOnlyList<CombinationRatio> Find(IReadOnlyList<CegEstimate> estimates, IReadOnlyDictionary<(string Stack, string Model), double[]> replicates)
    {
        var fits = estimates.Where(e => e.Kind == CegKind.Fit && e.Ceg is not null).ToDictionary(e => (e.Stack, e.Model));
        var ratios = new List<CombinationRatio>();
        foreach (var combined in fits.Values)
        {
            var parts = combined.Stack.Split('+');
            for (var cut = 1; cut < parts.Length; cut++)
            {
                var a = string.Join('+', parts[..cut]);
                var b = string.Join('+', parts[cut..]);
                if (!fits.TryGetValue((a, combined.Model), out var ea) || !fits.TryGetValue((b, combined.Model), out var eb)) continue;
                double[]? ci = null;
                if (replicates.TryGetValue((combined.Stack, combined.Model), out var rc) && replicates.TryGetValue((a, combined.Model), out var ra)
                    && replicates.TryGetValue((b, combined.Model), out var rb))
                {
                    var logs = rc.Select((v, i) => v - ra[i] - rb[i]).ToList();
                    ci = [Math.Pow(10, CegEstimator.Percentile(logs, 0.025)), Math.Pow(10, CegEstimator.Percentile(logs, 0.975))];
                }
                ratios.Add(new CombinationRatio(combined.Family, combined.Benchmark, combined.Model, a, b, combined.Stack,
                    combined.Ceg!.Value / (ea.Ceg!.Value * eb.Ceg!.Value), ci));
            }
        }
        return ratios;
    }
}
