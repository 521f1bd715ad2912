using ExperimentHarness.Fitter;

namespace ExperimentHarness.Tests.Fitter;

public class CegEstimatorTests
{
    private static ScalingPoint P(string model, double log10C, string stack, double acc, int? n = 1000) =>
        new("fam", model, Math.Pow(10, log10C), "gsm8k", stack, acc, n);

    [Fact]
    public void WorkedExampleTwentyPointsPer200xAndAnEightPointGain()
    {
        // Baseline rises 20 points per 200× compute (DESIGN/issue worked number): CEG = 200^(8/20) ≈ 8.3.
        var perDecade = 0.20 / Math.Log10(200);
        var points = Enumerable.Range(0, 4).Select(i => P($"m{i}", 20 + i, "none", 0.2 + perDecade * i)).ToList();
        points.Add(P("m1", 21, "cot", 0.2 + perDecade + 0.08));
        var result = CegEstimator.Estimate("fam", "gsm8k", points, 0, new FitOptions(Replicates: 200));
        var e = Assert.Single(result.Estimates);
        Assert.Equal(CegKind.Fit, e.Kind);
        Assert.Equal("log_linear", e.FitForm);
        Assert.Equal(Math.Pow(200, 0.4), e.Ceg!.Value, 6);
        Assert.InRange(Math.Pow(200, 0.4), e.CegCi95![0], e.CegCi95[1]);
        Assert.Equal("binomial_bootstrap", e.IntervalMethod);
    }

    [Fact]
    public void WorkedExampleFifteenPointsPerDecadeAndA39PointGainIsNotReportedAsMeasured()
    {
        // 15 points per 10× and a 39-point gain: 10^(39/15) ≈ 400, far beyond a two-size baseline.
        var points = new List<ScalingPoint> { P("a", 21, "none", 0.30), P("b", 22, "none", 0.45), P("a", 21, "cot", 0.69) };
        var result = CegEstimator.Estimate("fam", "gsm8k", points, 0, new FitOptions(Replicates: 100));
        var e = Assert.Single(result.Estimates);
        Assert.Equal(0.15, result.Baseline!.LogLinear.Curve.Slope, 10);
        Assert.Equal(CegKind.LowerBound, e.Kind);
        Assert.True(e.Extrapolated);
        Assert.Equal(10, e.Ceg!.Value, 6);                         // C_max / C, what the data support
        Assert.Null(e.CegCi95);
        Assert.Contains(result.Warnings, w => w.Contains("only 2 baseline sizes"));
        // Unclamped, the curve would say ≈ 398: the number exists but is never reported as measured.
        Assert.Equal(Math.Pow(10, 39.0 / 15), Math.Pow(10, CegInversion.Unclamped(result.Baseline.Chosen, 21, 22, 0.69, 21)), 3);
    }

    [Fact]
    public void BelowTheSmallestBaselineGivesAnUpperBound()
    {
        var points = new List<ScalingPoint> { P("a", 21, "none", 0.30), P("b", 22, "none", 0.45), P("c", 23, "none", 0.60), P("b", 22, "bad", 0.10) };
        var e = Assert.Single(CegEstimator.Estimate("fam", "gsm8k", points, 0, new FitOptions(Replicates: 50)).Estimates);
        Assert.Equal(CegKind.UpperBound, e.Kind);
        Assert.Equal(0.1, e.Ceg!.Value, 6);
    }

    [Theory]
    [InlineData(new[] { 0.000, 0.002, 0.011, 0.017 }, "floor")]      // Pythia on GSM8K
    [InlineData(new[] { 0.300, 0.310, 0.295, 0.305 }, "flat")]
    public void FlatOrFloorBaselinesRefuse(double[] accuracies, string reason)
    {
        var points = accuracies.Select((a, i) => P($"m{i}", 20 + i, "none", a, 1319)).ToList();
        points.Add(P("m0", 20, "cot", 0.4, 1319));
        var e = Assert.Single(CegEstimator.Estimate("fam", "gsm8k", points, 0, new FitOptions()).Estimates);
        Assert.Equal(CegKind.Refused, e.Kind);
        Assert.Null(e.Ceg);
        Assert.Contains(reason, e.Note);
    }

    [Fact]
    public void IntervalCoversTheTruthInAtLeastNinetyPercentOfSeededRepetitions()
    {
        // True baseline: logistic with s = 1.2 per decade, midpoint 22, chance 0; enhancement = a shift of
        // 0.8 decades, so the true CEG is 10^0.8 ≈ 6.3 at every size. n = 500 items per point.
        var truth = new LogisticCurve(0, 1.2, 22);
        const double shift = 0.8;
        var covered = 0;
        const int repetitions = 40;
        for (var rep = 0; rep < repetitions; rep++)
        {
            var rng = new Random(1000 + rep);
            double Draw(double p) => Enumerable.Range(0, 500).Count(_ => rng.NextDouble() < p) / 500.0;
            var points = Enumerable.Range(0, 5).Select(i => P($"m{i}", 20 + i, "none", Draw(truth.Accuracy(20 + i)), 500)).ToList();
            points.Add(P("m2", 22, "boost", Draw(truth.Accuracy(22 + shift)), 500));
            var e = CegEstimator.Estimate("fam", "gsm8k", points, 0, new FitOptions(Replicates: 150, Seed: rep)).Estimates.Single();
            if (e.Kind == CegKind.Fit && e.CegCi95 is { } ci && ci[0] <= Math.Pow(10, shift) && Math.Pow(10, shift) <= ci[1]) covered++;
        }
        Assert.True(covered >= 0.9 * repetitions, $"covered {covered}/{repetitions}");
    }

    [Fact]
    public void PairedBootstrapIsUsedWhenItemsAreKnownAndNoIntervalWithoutAnyCounts()
    {
        Dictionary<string, bool> Items(double acc) => Enumerable.Range(0, 200).ToDictionary(i => $"q{i}", i => i < acc * 200);
        var paired = new[] { 0.2, 0.35, 0.5 }.Select((a, i) => P($"m{i}", 20 + i, "none", a, 200) with { ItemCorrect = Items(a) }).ToList();
        paired.Add(P("m0", 20, "cot", 0.3, 200) with { ItemCorrect = Items(0.3) });
        var e = Assert.Single(CegEstimator.Estimate("fam", "gsm8k", paired, 0, new FitOptions(Replicates: 100)).Estimates);
        Assert.Equal("paired_bootstrap", e.IntervalMethod);

        var bare = new[] { 0.2, 0.35, 0.5 }.Select((a, i) => P($"m{i}", 20 + i, "none", a, null)).ToList();
        bare.Add(P("m0", 20, "cot", 0.3, null));
        var none = Assert.Single(CegEstimator.Estimate("fam", "gsm8k", bare, 0, new FitOptions(Replicates: 100)).Estimates);
        Assert.Null(none.CegCi95);
        Assert.Contains("no interval", none.Note);
    }

    [Fact]
    public void LowerBoundsAndCombinationsAndCosts()
    {
        var points = new List<ScalingPoint>
        {
            P("s", 20, "none", 0.10) with { InferenceFlopsPerItem = 1e9 },
            P("m", 21, "none", 0.25) with { InferenceFlopsPerItem = 1e10 },
            P("l", 22, "none", 0.40) with { InferenceFlopsPerItem = 1e11 },
            P("m", 21, "a", 0.30) with { InferenceFlopsPerItem = 2e10, OneTimeFlops = 1e17 },
            P("m", 21, "b", 0.32) with { InferenceFlopsPerItem = 3e10 },
            P("m", 21, "a+b", 0.34) with { InferenceFlopsPerItem = 6e10, StackElements = ["a", "b"] },
            P("s", 20, "a", 0.30),
        };
        var analysis = CegAnalysis.Run(points, new FitOptions(Replicates: 200));
        var bound = Assert.Single(analysis.LowerBounds, b => b.EnhancedModel == "s");
        Assert.Equal("m", bound.BaselineModel);                 // 0.25 < 0.30 at 10× the compute; l (0.40) does not qualify
        Assert.Equal(10, bound.CegAtLeast, 6);
        Assert.True(bound.Test.PValue < 0.05);                // 300/1000 against 250/1000
        var combo = Assert.Single(analysis.Combinations);
        var a = analysis.Estimates.Single(e => e.Stack == "a" && e.Model == "m");
        var b = analysis.Estimates.Single(e => e.Stack == "b");
        var ab = analysis.Estimates.Single(e => e.Stack == "a+b");
        Assert.Equal(ab.Ceg!.Value / (a.Ceg!.Value * b.Ceg!.Value), combo.Ratio, 9);
        Assert.True(combo.Ratio < 1);
        Assert.NotNull(combo.Ci95);
        Assert.Equal(1e17 / 1e21, a.OneTimeCostFraction!.Value, 12);
        Assert.Equal(2, a.InferenceCostMultiple!.Value, 12);
        // Net CEG with R = 1: CEG·(1 + 1/3) / (1 + 2/3 + 1e-4).
        Assert.Equal(a.Ceg.Value * (4.0 / 3) / (1 + 2.0 / 3 + 1e-4), a.NetCeg!.Value, 9);
    }

    [Fact]
    public void CombinationsFollowTheStoredElementsNotThePlusSignsInIds()
    {
        var points = new List<ScalingPoint>
        {
            P("s", 20, "none", 0.10), P("m", 21, "none", 0.25), P("l", 22, "none", 0.40),
            P("m", 21, "x", 0.30), P("m", 21, "y", 0.32),
            // One element whose text holds a '+' (e.g. exemplar ids): not the combination of x and y.
            P("m", 21, "x+y", 0.34) with { StackElements = ["x+y"] },
        };
        Assert.Empty(CegAnalysis.Run(points, new FitOptions(Replicates: 50)).Combinations);
        points[^1] = points[^1] with { StackElements = ["x", "y"] };
        var combo = Assert.Single(CegAnalysis.Run(points, new FitOptions(Replicates: 50)).Combinations);
        Assert.Equal(("x", "y", "x+y"), (combo.StackA, combo.StackB, combo.Combined));
    }
}
