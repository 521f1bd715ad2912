using ExperimentHarness.Fitter;

namespace ExperimentHarness.Tests.Fitter;

/// <summary>The seed paper's own method as an option: a forced log-linear baseline and, opt-in, an extrapolated CEG beside each bound.</summary>
public class SeedPaperMethodTests
{
    private static ScalingPoint P(string model, double log10C, string stack, double acc) =>
        new("fam", model, Math.Pow(10, log10C), "gsm8k", stack, acc, 1000);

    // acc = 0.10 + 0.15·(log10 C − 20) at 10^20..10^23; cot on the 10^21 model scores 0.70, which the line reaches at 10^24.
    private static List<ScalingPoint> LinearFamily() =>
    [
        P("a", 20, "none", 0.10), P("b", 21, "none", 0.25), P("c", 22, "none", 0.40), P("d", 23, "none", 0.55), P("b", 21, "cot", 0.70),
    ];

    [Fact]
    public void ExtrapolatedCegIsReportedBesideTheBoundOnlyWhenAskedFor()
    {
        var plain = Assert.Single(CegEstimator.Estimate("fam", "gsm8k", LinearFamily(), 0, new FitOptions(Replicates: 0, Baseline: BaselineForm.LogLinear)).Estimates);
        Assert.Equal(CegKind.LowerBound, plain.Kind);
        Assert.Equal(100, plain.Ceg!.Value, 6);                       // C_max / C = 10^23 / 10^21
        Assert.Null(plain.ExtrapolatedCeg);
        Assert.Contains("not reported", plain.Note);

        var opted = Assert.Single(CegEstimator.Estimate("fam", "gsm8k", LinearFamily(), 0,
            new FitOptions(Replicates: 0, Baseline: BaselineForm.LogLinear, Extrapolate: true)).Estimates);
        Assert.Equal(CegKind.LowerBound, opted.Kind);                      // still a bound: the extrapolation sits beside it
        Assert.Equal(100, opted.Ceg!.Value, 6);
        Assert.Equal(1000, opted.ExtrapolatedCeg!.Value, 6);          // x* = 20 + (0.70 − 0.10)/0.15 = 24
        Assert.Contains("extrapolated (--extrapolate)", opted.Note);
        Assert.Contains("not a measurement", opted.Note);
    }

    [Fact]
    public void PointsInsideTheRangeGetNoExtrapolation()
    {
        var points = LinearFamily();
        points[^1] = P("b", 21, "cot", 0.40);
        var e = Assert.Single(CegEstimator.Estimate("fam", "gsm8k", points, 0, new FitOptions(Replicates: 0, Baseline: BaselineForm.LogLinear, Extrapolate: true)).Estimates);
        Assert.Equal(CegKind.Fit, e.Kind);
        Assert.Equal(10, e.Ceg!.Value, 6);
        Assert.Null(e.ExtrapolatedCeg);
    }

    [Fact]
    public void ForcingLogLinearOverridesTheLeaveOneOutChoiceButStillReportsBothForms()
    {
        var sigmoid = new LogisticCurve(0, 2.5, 21.5);
        var points = Enumerable.Range(0, 6).Select(i => P($"m{i}", 20 + 0.6 * i, "none", sigmoid.Accuracy(20 + 0.6 * i))).ToList();
        Assert.Equal("logistic", BaselineFit.Fit("fam", "gsm8k", points, 0).Chosen.Form);
        var forced = BaselineFit.Fit("fam", "gsm8k", points, 0, BaselineForm.LogLinear);
        Assert.Equal("log_linear", forced.Chosen.Form);
        Assert.NotNull(forced.Logistic);
        Assert.True(forced.Logistic!.LeaveOneOutRmse < forced.LogLinear.LeaveOneOutRmse);
    }

    [Fact]
    public void ALogisticCurveThatNeverReachesTheAccuracyGivesNoExtrapolatedNumber()
    {
        var sigmoid = new LogisticCurve(0, 2.5, 21.5);
        var points = Enumerable.Range(0, 6).Select(i => P($"m{i}", 20 + 0.6 * i, "none", sigmoid.Accuracy(20 + 0.6 * i))).ToList();
        points.Add(P("m0", 20, "oracle", 1.0));
        var e = Assert.Single(CegEstimator.Estimate("fam", "gsm8k", points, 0, new FitOptions(Replicates: 0, Extrapolate: true)).Estimates);
        Assert.Equal("logistic", e.FitForm);
        Assert.Equal(CegKind.LowerBound, e.Kind);
        Assert.Null(e.ExtrapolatedCeg);
        Assert.Contains("never reaches", e.Note);
    }
}
