namespace ExperimentHarness.Fitter;

/// <summary>log10 CEG = x*(acc) − log10 C, with x* the baseline curve's inverse, kept inside the measured range.</summary>
public static class CegInversion
{
    public sealed record Inverted(double Log10Ceg, CegKind Kind);

    public static Inverted Invert(IScalingCurve curve, double minX, double maxX, double accuracy, double log10Compute)
    {
        var atMax = curve.Accuracy(maxX);
        var atMin = curve.Accuracy(minX);
        if (accuracy > atMax) return new(maxX - log10Compute, CegKind.LowerBound);
        if (accuracy < atMin) return new(minX - log10Compute, CegKind.UpperBound);
        var x = curve.InverseLog10Compute(accuracy) ?? throw new InvalidOperationException("curve not invertible inside its range");
        return new(x - log10Compute, CegKind.Fit);
    }

    /// <summary>The inverse without clamping (for bootstrap replicates), falling back to the range ends where it does not exist.</summary>
    public static double Unclamped(IScalingCurve curve, double minX, double maxX, double accuracy, double log10Compute) =>
        (curve.InverseLog10Compute(accuracy) ?? (accuracy > curve.Accuracy(maxX) ? maxX : minX)) - log10Compute;
}
