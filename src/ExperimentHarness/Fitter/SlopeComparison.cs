using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ExperimentHarness.Fitter;

/// <summary>
/// DESIGN.md "CEG method" step 4 for one stack measured at several sizes: is the enhancement a pure
/// horizontal shift of the logistic baseline (shared slope: one CEG at every size) or does its curve
/// have its own slope (CEG varies with scale)? Both fitted by binomial maximum likelihood; the
/// likelihood-ratio statistic is compared with χ²(1).
/// </summary>
public sealed record SlopeComparison(string Family, string Benchmark, string Stack, int EnhancedSizes,
    double SharedSlopeCeg, double LikelihoodRatio, double PValue, string Preferred);

public static class SlopeComparisons
{
    public static IReadOnlyList<SlopeComparison> Compare(IReadOnlyList<ScalingPoint> points, double chance)
    {
        var baseline = points.Where(p => p.IsBaseline).ToList();
        if (baseline.Count < 3 || !points.All(p => p.N is > 0)) return [];
        var results = new List<SlopeComparison>();
        foreach (var stack in points.Where(p => !p.IsBaseline).GroupBy(p => p.Stack))
        {
            var enhanced = stack.ToList();
            if (enhanced.Select(p => p.TrainingFlops).Distinct().Count() < 2) continue;
            var (sharedLl, shift) = FitShared(baseline, enhanced, chance);
            var freeLl = LogLikelihood(baseline, LogisticCurve.Fit(Xyn(baseline), chance), 0)
                         + LogLikelihood(enhanced, LogisticCurve.Fit(Xyn(enhanced), chance), 0);
            var lr = Math.Max(0, 2 * (freeLl - sharedLl));
            var p = 1 - ChiSquared.CDF(1, lr);
            results.Add(new SlopeComparison(enhanced[0].Family, enhanced[0].Benchmark, stack.Key, enhanced.Count,
                Math.Pow(10, shift), lr, p, p < 0.05 ? "free" : "shared"));
        }
        return results;
    }

    private static List<(double X, double Y, int? N)> Xyn(IEnumerable<ScalingPoint> points) =>
        points.Select(p => (p.Log10Compute, p.Accuracy, p.N)).ToList();

    private static double LogLikelihood(IEnumerable<ScalingPoint> points, LogisticCurve curve, double shift) =>
        points.Sum(p =>
        {
            var q = Math.Clamp(curve.Accuracy(p.Log10Compute + shift), 1e-9, 1 - 1e-9);
            return p.N!.Value * (p.Accuracy * Math.Log(q) + (1 - p.Accuracy) * Math.Log(1 - q));
        });

    /// <summary>One logistic for both, the enhanced points shifted by Δ decades: returns the log-likelihood and Δ (= log10 CEG).</summary>
    private static (double LogLikelihood, double Shift) FitShared(IReadOnlyList<ScalingPoint> baseline, IReadOnlyList<ScalingPoint> enhanced, double chance)
    {
        var start = LogisticCurve.Fit(Xyn(baseline), chance);
        double Negative(Vector<double> v)
        {
            var curve = new LogisticCurve(chance, Math.Exp(v[0]), v[1]);
            return -(LogLikelihood(baseline, curve, 0) + LogLikelihood(enhanced, curve, v[2]));
        }
        var best = (Value: double.PositiveInfinity, Point: Vector<double>.Build.Dense(3));
        foreach (var delta in new[] { -1.0, 0.0, 0.5, 1.0, 2.0, 3.0 })
        {
            var guess = Vector<double>.Build.Dense([Math.Log(start.Steepness), start.Midpoint, delta]);
            try
            {
                var result = new NelderMeadSimplex(1e-9, 20000).FindMinimum(ObjectiveFunction.Value(Negative), guess);
                if (result.FunctionInfoAtMinimum.Value < best.Value) best = (result.FunctionInfoAtMinimum.Value, result.MinimizingPoint);
            }
            catch (MaximumIterationsException)
            {
                if (Negative(guess) < best.Value) best = (Negative(guess), guess);
            }
        }
        return (-best.Value, best.Point[2]);
    }
}
