using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ExperimentHarness.Fitter;

/// <summary>
/// acc(k) = A∞ − (A∞ − A1)·k^(−β): how maj@k or best-of-n saturates with the number of samples
/// (DESIGN.md "CEG method" step 8; RESEARCH.md §5 on voting plateaus). Fitted by least squares with
/// A∞ ∈ [A1, 1] and β &gt; 0, so extrapolating to more samples never passes the fitted ceiling.
/// </summary>
public sealed record SaturatingCurve(double Ceiling, double AtOne, double Exponent)
{
    public double Accuracy(double k) => Ceiling - (Ceiling - AtOne) * Math.Pow(k, -Exponent);

    /// <param name="curve">Index k−1: accuracy with k samples (k = 1..n).</param>
    public static SaturatingCurve? Fit(IReadOnlyList<double> curve)
    {
        if (curve.Count < 3) return null;
        var a1 = curve[0];
        // A curve that never rises above k = 1 has no identifiable ceiling: report the plateau it shows.
        if (curve.All(y => y <= a1 + 1e-12)) return new SaturatingCurve(a1, a1, 0);
        double Loss(Vector<double> v)
        {
            var candidate = Decode(v, a1);
            return curve.Select((y, i) => Math.Pow(y - candidate.Accuracy(i + 1), 2)).Sum();
        }
        var best = (Loss: double.PositiveInfinity, Point: Vector<double>.Build.Dense(2));
        foreach (var start in new[] { (-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (2.0, 1.0) })
        {
            var guess = Vector<double>.Build.Dense([start.Item1, start.Item2]);
            try
            {
                var result = new NelderMeadSimplex(1e-12, 10000).FindMinimum(ObjectiveFunction.Value(Loss), guess);
                if (result.FunctionInfoAtMinimum.Value < best.Loss) best = (result.FunctionInfoAtMinimum.Value, result.MinimizingPoint);
            }
            catch (MaximumIterationsException)
            {
                if (Loss(guess) < best.Loss) best = (Loss(guess), guess);
            }
        }
        return Decode(best.Point, a1);
    }

    // Unconstrained parameters → A∞ = A1 + (1 − A1)·σ(u), β = exp(w).
    private static SaturatingCurve Decode(Vector<double> v, double a1) =>
        new(a1 + (1 - a1) / (1 + Math.Exp(-v[0])), a1, Math.Exp(v[1]));
}
