namespace ExperimentHarness.Fitter;

/// <summary>acc = a + b·log10 C (the paper's appendix A.1 form), fitted by (weighted) least squares.</summary>
public sealed record LogLinearCurve(double Intercept, double SlopePerDecade) : IScalingCurve
{
    public string Form => "log_linear";

    public IReadOnlyDictionary<string, double> Parameters => new Dictionary<string, double> { ["a"] = Intercept, ["b"] = SlopePerDecade };

    public double Slope => SlopePerDecade;

    public double Accuracy(double x) => Intercept + SlopePerDecade * x;

    public double? InverseLog10Compute(double accuracy) =>
        SlopePerDecade <= 0 ? null : (accuracy - Intercept) / SlopePerDecade;

    /// <summary>Weighted least squares (weights: items per point, or 1), closed form.</summary>
    public static LogLinearCurve Fit(IReadOnlyList<(double X, double Y, double Weight)> points)
    {
        double sw = 0, sx = 0, sy = 0;
        foreach (var (x, y, w) in points) { sw += w; sx += w * x; sy += w * y; }
        var mx = sx / sw;
        var my = sy / sw;
        double sxx = 0, sxy = 0;
        foreach (var (x, y, w) in points) { sxx += w * (x - mx) * (x - mx); sxy += w * (x - mx) * (y - my); }
        if (sxx <= 0) throw new InvalidOperationException("all points have the same compute");
        var b = sxy / sxx;
        return new LogLinearCurve(my - b * mx, b);
    }
}
