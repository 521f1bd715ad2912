namespace ExperimentHarness.Fitter;

/// <summary>
/// Options of a fit: bootstrap replicates and seed, the inference-to-pretraining token ratio R for net CEG, the
/// significance level of the one-sided test behind each appendix-A bound, the baseline form (automatic or forced
/// log-linear), and whether to report an extrapolated CEG beside each bound beyond the largest baseline.
/// </summary>
public sealed record FitOptions(int Replicates = 1000, int Seed = 20231212, double InferenceRatio = 1.0, double BoundAlpha = 0.05,
    BaselineForm Baseline = BaselineForm.Auto, bool Extrapolate = false);

/// <summary>Everything the fitter found for one (family, benchmark).</summary>
public sealed record GroupResult(
    BaselineFit? Baseline,
    IReadOnlyList<CegEstimate> Estimates,
    IReadOnlyDictionary<(string Stack, string Model), double[]> Log10CegReplicates,
    IReadOnlyList<string> Warnings);

/// <summary>
/// DESIGN.md "CEG method" steps 1–3 and 7 for one (family, benchmark): fit the baseline, invert it at every
/// enhanced point, bootstrap the whole procedure for intervals, and attach the cost columns.
/// </summary>
public static class CegEstimator
{
    public static GroupResult Estimate(string family, string benchmark, IReadOnlyList<ScalingPoint> points, double chance, FitOptions options)
    {
        var baseline = points.Where(p => p.IsBaseline).OrderBy(p => p.TrainingFlops).ToList();
        var enhanced = points.Where(p => !p.IsBaseline).ToList();
        var warnings = new List<string>();
        if (baseline.Select(p => p.TrainingFlops).Distinct().Count() < 2)
        {
            var reason = $"fewer than 2 baseline ({ScalingPoint.Baseline}) sizes for {family}/{benchmark}: no curve to invert";
            return new GroupResult(null, enhanced.Select(p => Refused(p, reason, baseline)).ToList(), new Dictionary<(string, string), double[]>(), [reason]);
        }
        var fit = BaselineFit.Fit(family, benchmark, baseline, chance, options.Baseline);
        if (fit.Refusal is { } refusal)
            return new GroupResult(fit, enhanced.Select(p => Refused(p, refusal, baseline)).ToList(), new Dictionary<(string, string), double[]>(), [.. fit.Warnings, refusal]);

        var (minX, maxX) = (fit.MinLog10Compute, fit.MaxLog10Compute);
        var replicates = Bootstrap(fit, baseline, enhanced, chance, options, out var method);
        var estimates = enhanced.Select(p =>
        {
            var inverted = CegInversion.Invert(fit.Chosen, minX, maxX, p.Accuracy, p.Log10Compute);
            double[]? ci = null;
            if (inverted.Kind == CegKind.Fit && replicates.TryGetValue((p.Stack, p.Model), out var draws))
                ci = [Math.Pow(10, Percentile(draws, 0.025)), Math.Pow(10, Percentile(draws, 0.975))];
            var extrapolated = options.Extrapolate && inverted.Kind == CegKind.LowerBound ? Extrapolate(fit.Chosen, p) : null;
            var note = Note(inverted, fit.Chosen.Form, options.Extrapolate, extrapolated, method);
            return WithCosts(new CegEstimate(p.Family, p.Benchmark, p.Stack, p.Model, p.TrainingFlops, p.Accuracy,
                Math.Pow(10, inverted.Log10Ceg), ci, inverted.Kind, inverted.Kind != CegKind.Fit, fit.Chosen.Form,
                ci is null ? null : method, note, null, null, null, extrapolated), p, baseline, options.InferenceRatio);
        }).ToList();
        return new GroupResult(fit, estimates, replicates, fit.Warnings);
    }

    private static Dictionary<(string, string), double[]> Bootstrap(BaselineFit fit, IReadOnlyList<ScalingPoint> baseline,
        IReadOnlyList<ScalingPoint> enhanced, double chance, FitOptions options, out string? method)
    {
        var all = baseline.Concat(enhanced).ToList();
        var resampler = new PointResampler(all);
        method = resampler.Method;
        var result = new Dictionary<(string, string), double[]>();
        if (method is null || options.Replicates <= 0) return result;
        var draws = enhanced.Select(_ => new double[options.Replicates]).ToArray();
        var rng = new Random(options.Seed);
        for (var r = 0; r < options.Replicates; r++)
        {
            var acc = resampler.Draw(rng);
            var replicaBaseline = baseline.Select((p, i) => p with { Accuracy = acc[i] }).ToList();
            IScalingCurve curve = fit.Chosen is LogisticCurve
                ? LogisticCurve.Fit(replicaBaseline.Select(p => (p.Log10Compute, p.Accuracy, p.N)).ToList(), chance)
                : LogLinearCurve.Fit(replicaBaseline.Select(p => (p.Log10Compute, p.Accuracy, (double)(p.N ?? 1))).ToList());
            for (var e = 0; e < enhanced.Count; e++)
                draws[e][r] = CegInversion.Unclamped(curve, fit.MinLog10Compute, fit.MaxLog10Compute, acc[baseline.Count + e], enhanced[e].Log10Compute);
        }
        for (var e = 0; e < enhanced.Count; e++) result[(enhanced[e].Stack, enhanced[e].Model)] = draws[e];
        return result;
    }

    private static string? Note(CegInversion.Inverted inverted, string form, bool extrapolate, double? extrapolated, string? method)
    {
        var ceg = Math.Pow(10, inverted.Log10Ceg);
        return inverted.Kind switch
        {
            CegKind.LowerBound when extrapolate => $"accuracy above the baseline curve at the largest size: CEG ≥ {ceg:G3} (C_max/C); " + (extrapolated is { } x
                ? $"extrapolated (--extrapolate) along the {form} curve beyond the largest baseline: CEG ≈ {x:G3}, a projection, not a measurement"
                : $"no extrapolated value: the {form} curve never reaches this accuracy"),
            CegKind.LowerBound => $"accuracy above the baseline curve at the largest size: CEG ≥ {ceg:G3} (C_max/C); an extrapolated value is not reported",
            CegKind.UpperBound => $"accuracy below the baseline curve at the smallest size: CEG ≤ {ceg:G3} (C_min/C)",
            _ => method is null ? "no interval: neither per-item results nor item counts are known" : null,
        };
    }

    /// <summary>The seed paper's extrapolated estimate: the curve's inverse beyond the measured range (null where it has none).</summary>
    private static double? Extrapolate(IScalingCurve curve, ScalingPoint point) =>
        curve.InverseLog10Compute(point.Accuracy) is { } x ? Math.Pow(10, x - point.Log10Compute) : null;

    /// <summary>
    /// Cost columns (DESIGN.md step 7) and net CEG: with R inference tokens per pretraining token, lifetime
    /// compute is C·(1 + R/3) for a plain model (inference costs a third of training per token) and
    /// C·(1 + k·R/3) + one-time for the enhanced one with inference multiple k; net CEG = CEG·(1 + R/3) / (1 + k·R/3 + one-time/C).
    /// </summary>
    private static CegEstimate WithCosts(CegEstimate estimate, ScalingPoint point, IReadOnlyList<ScalingPoint> baseline, double r)
    {
        var plain = baseline.FirstOrDefault(b => b.Model == point.Model);
        double? oneTime = point.OneTimeFlops is { } o ? o / point.TrainingFlops : null;
        double? multiple = point.InferenceFlopsPerItem is { } mine && plain?.InferenceFlopsPerItem is { } theirs && theirs > 0 ? mine / theirs : null;
        double? net = estimate.Kind == CegKind.Fit && estimate.Ceg is { } ceg && multiple is { } k
            ? ceg * (1 + r / 3) / (1 + k * r / 3 + (oneTime ?? 0))
            : null;
        return estimate with { OneTimeCostFraction = oneTime, InferenceCostMultiple = multiple, NetCeg = net };
    }

    private static CegEstimate Refused(ScalingPoint p, string reason, IReadOnlyList<ScalingPoint> baseline) =>
        new(p.Family, p.Benchmark, p.Stack, p.Model, p.TrainingFlops, p.Accuracy, null, null, CegKind.Refused, false, null, null, reason,
            p.OneTimeFlops is { } o ? o / p.TrainingFlops : null, null, null);

    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
