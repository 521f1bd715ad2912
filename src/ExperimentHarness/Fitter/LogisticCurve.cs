using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ExperimentHarness.Fitter;

/// <summary>
/// acc = b + (1 − b)·σ(s·(log10 C − m)), with b the chance rate (DESIGN.md "CEG method" step 1;
/// ObsScaling's sigmoid form for one family). Fitted by binomial maximum likelihood when item counts
/// are known, else by least squares; s is kept positive.
/// </summary>
public sealed record LogisticCurve(double Chance, double Steepness, double Midpoint) : IScalingCurve
{
    public string Form => "logistic";

    public IReadOnlyDictionary<string, double> Parameters =>
        new Dictionary<string, double> { ["chance"] = Chance, ["s"] = Steepness, ["m"] = Midpoint };

    /// <summary>The slope at the midpoint, in accuracy per decade.</summary>
    public double Slope => (1 - Chance) * Steepness / 4;

    public double Accuracy(double x) => Chance + (1 - Chance) / (1 + Math.Exp(-Steepness * (x - Midpoint)));

    public double? InverseLog10Compute(double accuracy)
    {
        var q = (accuracy - Chance) / (1 - Chance);
        if (q <= 0 || q >= 1 || Steepness <= 0) return null;
        return Midpoint + Math.Log(q / (1 - q)) / Steepness;
    }

    /// <param name="points">x = log10 C, y = accuracy, n = items (null: least squares).</param>
    public static LogisticCurve Fit(IReadOnlyList<(double X, double Y, int? N)> points, double chance)
    {
        var useLikelihood = points.All(p => p.N is > 0);
        double Loss(double logS, double m)
        {
            var curve = new LogisticCurve(chance, Math.Exp(logS), m);
            double total = 0;
            foreach (var (x, y, n) in points)
            {
                var p = Math.Clamp(curve.Accuracy(x), 1e-9, 1 - 1e-9);
                total += useLikelihood ? -n!.Value * (y * Math.Log(p) + (1 - y) * Math.Log(1 - p)) : (y - p) * (y - p);
            }
            return total;
        }

        var xs = points.Select(p => p.X).ToList();
        var span = Math.Max(xs.Max() - xs.Min(), 0.1);
        var best = (Loss: double.PositiveInfinity, LogS: 0.0, M: 0.0);
        // Multi-start over a coarse grid, then Nelder–Mead from the best start: the likelihood surface is
        // flat in places (e.g. all points on one side of the midpoint), where a single start can stall.
        foreach (var s0 in new[] { 0.5, 1.0, 2.0, 4.0, 8.0 })
            foreach (var frac in new[] { -0.5, 0.0, 0.5, 1.0, 1.5 })
            {
                var m0 = xs.Min() + frac * span;
                var loss = Loss(Math.Log(s0 / span), m0);
                if (loss < best.Loss) best = (loss, Math.Log(s0 / span), m0);
            }
        var objective = ObjectiveFunction.Value(v => Loss(v[0], v[1]));
        try
        {
            var result = new NelderMeadSimplex(1e-9, 20000).FindMinimum(objective, Vector<double>.Build.Dense([best.LogS, best.M]));
            return new LogisticCurve(chance, Math.Exp(result.MinimizingPoint[0]), result.MinimizingPoint[1]);
        }
        catch (MaximumIterationsException)
        {
            // A ridge with no finite optimum (e.g. a step-like replicate): keep the best grid start, a bounded curve.
            return new LogisticCurve(chance, Math.Exp(best.LogS), best.M);
        }
    }
}
