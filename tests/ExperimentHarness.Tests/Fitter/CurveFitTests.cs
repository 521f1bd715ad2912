using ExperimentHarness.Fitter;

namespace ExperimentHarness.Tests.Fitter;

public class CurveFitTests
{
    [Fact]
    public void LogLinearAgreesWithAnIndependentLeastSquaresSolution()
    {
        double[] xs = [20.1, 20.9, 21.7, 22.4, 23.3];
        double[] ys = [0.12, 0.19, 0.33, 0.41, 0.52];
        var ours = LogLinearCurve.Fit(xs.Zip(ys, (x, y) => (x, y, 1.0)).ToList());
        var (intercept, slope) = MathNet.Numerics.Fit.Line(xs, ys);      // MathNet's own QR-based solver
        Assert.Equal(intercept, ours.Intercept, 9);
        Assert.Equal(slope, ours.SlopePerDecade, 9);
        Assert.Equal(21.0, ours.InverseLog10Compute(ours.Accuracy(21.0))!.Value, 9);
    }

    [Fact]
    public void LogisticRecoversAKnownCurveFromNoiseFreePoints()
    {
        var truth = new LogisticCurve(0.25, 1.7, 21.6);
        var points = Enumerable.Range(0, 6).Select(i => (20.0 + 0.6 * i, truth.Accuracy(20.0 + 0.6 * i), (int?)1000)).ToList();
        var fit = LogisticCurve.Fit(points, 0.25);
        Assert.Equal(1.7, fit.Steepness, 3);
        Assert.Equal(21.6, fit.Midpoint, 3);
        var inverse = fit.InverseLog10Compute(0.5)!.Value;
        Assert.Equal(0.5, truth.Accuracy(inverse), 4);
        Assert.Null(fit.InverseLog10Compute(0.2));        // below chance: no compute reaches it
    }

    [Fact]
    public void LeaveOneOutPicksTheFormThatPredictsBetter()
    {
        var sigmoid = new LogisticCurve(0, 2.5, 21.5);
        var points = Enumerable.Range(0, 6).Select(i => new ScalingPoint("f", $"m{i}", Math.Pow(10, 20 + 0.6 * i), "gsm8k", "none", sigmoid.Accuracy(20 + 0.6 * i), 2000)).ToList();
        var fit = BaselineFit.Fit("f", "gsm8k", points, 0);
        Assert.Equal("logistic", fit.Chosen.Form);
        Assert.True(fit.Logistic!.LeaveOneOutRmse < fit.LogLinear.LeaveOneOutRmse);
        Assert.Equal(6, fit.LogLinear.Residuals.Count);
    }
}

public class SlopeComparisonTests
{
    private static List<ScalingPoint> Family(LogisticCurve baseline, Func<double, double> enhanced, int n)
    {
        var points = Enumerable.Range(0, 5).Select(i => new ScalingPoint("f", $"m{i}", Math.Pow(10, 20 + i * 0.5), "gsm8k", "none", baseline.Accuracy(20 + i * 0.5), n)).ToList();
        points.AddRange(Enumerable.Range(0, 5).Select(i => new ScalingPoint("f", $"m{i}", Math.Pow(10, 20 + i * 0.5), "gsm8k", "boost", enhanced(20 + i * 0.5), n)));
        return points;
    }

    [Fact]
    public void AHorizontalShiftIsRecognisedAsASharedSlopeWithItsCeg()
    {
        var truth = new LogisticCurve(0, 1.5, 21);
        var c = Assert.Single(SlopeComparisons.Compare(Family(truth, x => truth.Accuracy(x + 0.7), 1000), 0));
        Assert.Equal("shared", c.Preferred);
        Assert.Equal(Math.Pow(10, 0.7), c.SharedSlopeCeg, 2);
        Assert.True(c.PValue > 0.5);
    }

    [Fact]
    public void ADifferentSlopeIsDetected()
    {
        var truth = new LogisticCurve(0, 1.5, 21);
        var steeper = new LogisticCurve(0, 4.0, 20.6);
        var c = Assert.Single(SlopeComparisons.Compare(Family(truth, steeper.Accuracy, 1000), 0));
        Assert.Equal("free", c.Preferred);
        Assert.True(c.PValue < 0.001);
    }
}

public class SaturatingCurveTests
{
    [Fact]
    public void RecoversAKnownCeilingAndExponent()
    {
        var truth = new SaturatingCurve(0.62, 0.30, 0.8);
        var fit = SaturatingCurve.Fit(Enumerable.Range(1, 16).Select(k => truth.Accuracy(k)).ToList())!;
        Assert.Equal(0.62, fit.Ceiling, 3);
        Assert.Equal(0.8, fit.Exponent, 2);
        Assert.True(fit.Accuracy(10_000) <= fit.Ceiling);
        Assert.Null(SaturatingCurve.Fit([0.3, 0.4]));
    }

    [Fact]
    public void AFlatOrFallingCurveReportsItsPlateauNotAnInventedCeiling()
    {
        Assert.Equal(new SaturatingCurve(0, 0, 0), SaturatingCurve.Fit([0, 0, 0, 0]));
        Assert.Equal(new SaturatingCurve(0.5, 0.5, 0), SaturatingCurve.Fit([0.5, 0.4, 0.3]));
    }
}

public class WilsonIntervalTests
{
    [Theory]
    [InlineData(0, 6, 0.0, 0.3903)]
    [InlineData(6, 6, 0.6097, 1.0)]
    [InlineData(3, 10, 0.1078, 0.6032)]
    public void MatchesTheClosedFormAndIsExactAtTheEnds(int correct, int n, double lo, double hi)
    {
        var ci = ExperimentHarness.Scoring.WilsonInterval.Of(correct, n);
        Assert.Equal(lo, ci[0], 4);
        Assert.Equal(hi, ci[1], 4);
        if (correct == 0) Assert.Equal(0.0, ci[0]);          // exactly, not rounding dust
        if (correct == n) Assert.Equal(1.0, ci[1]);
    }
}
