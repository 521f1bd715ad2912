namespace ExperimentHarness.Fitter;

/// <summary>A fitted form with its residuals and leave-one-out error (RMSE of predicting each size from the others).</summary>
public sealed record FittedForm(IScalingCurve Curve, IReadOnlyList<double> Residuals, double? LeaveOneOutRmse);

/// <summary>
/// The baseline of one (family, benchmark): both curve forms where the data allow, the chosen one
/// (lower leave-one-out error; log-linear when the logistic cannot be fitted or when
/// <see cref="BaselineForm.LogLinear"/> forces the seed paper's form), warnings, and a refusal
/// reason when the baseline is flat or at the floor (then no CEG is computed).
/// </summary>
public sealed record BaselineFit(
    string Family,
    string Benchmark,
    double Chance,
    IReadOnlyList<ScalingPoint> Points,
    FittedForm LogLinear,
    FittedForm? Logistic,
    IScalingCurve Chosen,
    IReadOnlyList<string> Warnings,
    string? Refusal)
{
    /// <summary>Where <see cref="Chance"/> came from (the task's answer format; see <see cref="ChanceRates"/>).</summary>
    public string? ChanceBasis { get; init; }

    public double MinLog10Compute => Points.Min(p => p.Log10Compute);

    public double MaxLog10Compute => Points.Max(p => p.Log10Compute);

    public static BaselineFit Fit(string family, string benchmark, IReadOnlyList<ScalingPoint> points, double chance, BaselineForm form = BaselineForm.Auto)
    {
        var ordered = points.OrderBy(p => p.TrainingFlops).ToList();
        var warnings = new List<string>();
        var logLinear = Form(ordered, p => FitLogLinear(p), 3);
        FittedForm? logistic = ordered.Count >= 3 ? Form(ordered, p => LogisticCurve.Fit(p.Select(q => (q.Log10Compute, q.Accuracy, q.N)).ToList(), chance), 3) : null;
        if (ordered.Count == 2) warnings.Add("only 2 baseline sizes: the log-linear curve is exactly determined (no residual check, no logistic fit)");
        if (ordered.Count < 4) warnings.Add($"{ordered.Count} baseline sizes: at least 4 are recommended");
        var chosen = form == BaselineForm.Auto && logistic is { LeaveOneOutRmse: { } lo } && (logLinear.LeaveOneOutRmse is not { } ll || lo < ll)
            ? logistic.Curve : logLinear.Curve;
        if (!ordered.All(p => p.N is > 0)) warnings.Add("item counts unknown for some baseline points: logistic fitted by least squares, not likelihood");
        return new BaselineFit(family, benchmark, chance, ordered, logLinear, logistic, chosen, warnings, Refuse(ordered, chance, logLinear.Curve));
    }

    private static LogLinearCurve FitLogLinear(IReadOnlyList<ScalingPoint> points) =>
        LogLinearCurve.Fit(points.Select(p => (p.Log10Compute, p.Accuracy, (double)(p.N ?? 1))).ToList());

    private static FittedForm Form(IReadOnlyList<ScalingPoint> points, Func<IReadOnlyList<ScalingPoint>, IScalingCurve> fit, int minForLoo)
    {
        var curve = fit(points);
        var residuals = points.Select(p => p.Accuracy - curve.Accuracy(p.Log10Compute)).ToList();
        double? loo = null;
        if (points.Count >= minForLoo)
        {
            var squared = 0.0;
            for (var i = 0; i < points.Count; i++)
            {
                var rest = points.Where((_, j) => j != i).ToList();
                var e = points[i].Accuracy - fit(rest).Accuracy(points[i].Log10Compute);
                squared += e * e;
            }
            loo = Math.Sqrt(squared / points.Count);
        }
        return new FittedForm(curve, residuals, loo);
    }

    /// <summary>Accuracy above chance below which a baseline counts as at the floor (Pythia on GSM8K: 0–1.7 %).</summary>
    public const double FloorMargin = 0.05;

    /// <summary>
    /// Refuses when every size is at the floor (less than <see cref="FloorMargin"/> above chance), or when the
    /// baseline does not rise: the largest model is not significantly (one-sided z at 1.645, from item counts)
    /// above the smallest, or (counts unknown) the fitted slope is not positive.
    /// </summary>
    private static string? Refuse(IReadOnlyList<ScalingPoint> points, double chance, IScalingCurve logLinear)
    {
        var (small, large) = (points[0], points[^1]);
        if (points.All(p => p.Accuracy - chance < FloorMargin))
            return $"baseline at the floor: every size is less than {FloorMargin:P0} above chance ({chance:G3}), so there is no curve to invert";
        if (points.All(p => p.N is > 0))
        {
            var pooled = (small.Accuracy * small.N!.Value + large.Accuracy * large.N!.Value) / (small.N.Value + large.N.Value);
            var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / small.N.Value + 1.0 / large.N.Value));
            if (se == 0 || (large.Accuracy - small.Accuracy) / se < 1.645)
                return $"flat baseline: the largest model ({large.Accuracy:F3}) is not significantly above the smallest ({small.Accuracy:F3})";
            return null;
        }
        return logLinear.Slope <= 0 ? "flat baseline: the fitted slope is not positive" : null;
    }
}
