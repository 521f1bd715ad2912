using ExperimentHarness.Fitter;

namespace ExperimentHarness.Tests.Fitter;

public class LowerBoundsTests
{
    private static ScalingPoint P(string model, double flops, string stack, double acc, int? n = 1319) =>
        new("pythia", model, flops, "gsm8k", stack, acc, n);

    [Fact]
    public void ATwoTenthsOfAPercentEdgeOverZeroGivesNoBound()
    {
        // 0.2 % (3/1319) on the small model against 0.0 % on a 67.5× larger one: the naive bound "CEG ≥ 67.5" is noise.
        var points = new List<ScalingPoint> { P("small", 1e21, "cot", 3 / 1319.0), P("large", 6.75e22, "none", 0) };
        var search = LowerBounds.Find(points, 0.05);
        Assert.Empty(search.Bounds);
        var note = Assert.Single(search.Notes);
        Assert.Contains("not significant", note);
        Assert.Contains("3/1319 vs 0/1319", note);
        Assert.Contains("no bound listed", note);
    }

    [Fact]
    public void ASignificantEdgeIsListedWithItsTestAndCounts()
    {
        var points = new List<ScalingPoint> { P("small", 1e21, "cot", 66 / 1319.0), P("large", 6.75e22, "none", 0) };
        var bound = Assert.Single(LowerBounds.Find(points, 0.05).Bounds);
        Assert.Equal(67.5, bound.CegAtLeast, 9);
        Assert.Equal((66, 1319, 0, 1319), (bound.Test.HigherCorrect, bound.Test.HigherN, bound.Test.LowerCorrect, bound.Test.LowerN));
        Assert.True(bound.Test.PValue < 1e-10);
        Assert.Equal(0.05, bound.Test.Alpha);
    }

    [Fact]
    public void TheBoundFallsBackToTheLargestBaselineThatIsSignificantlyBeaten()
    {
        // 30 % beats the 10× model's 20 % clearly, but the 100× model's 29 % only by noise.
        var points = new List<ScalingPoint>
        {
            P("s", 1e20, "cot", 0.30, 1000), P("m", 1e21, "none", 0.20, 1000), P("l", 1e22, "none", 0.29, 1000),
        };
        var search = LowerBounds.Find(points, 0.05);
        var bound = Assert.Single(search.Bounds);
        Assert.Equal("m", bound.BaselineModel);
        Assert.Equal(10, bound.CegAtLeast, 9);
        Assert.Contains(search.Notes, n => n.Contains("over l") && n.Contains("not significant") && n.Contains("over m instead"));
    }

    [Fact]
    public void PointsWithoutItemCountsAreUntestedAndGiveNoBound()
    {
        var points = new List<ScalingPoint> { P("small", 1e21, "cot", 0.40, null), P("large", 1e22, "none", 0.10, null) };
        var search = LowerBounds.Find(points, 0.05);
        Assert.Empty(search.Bounds);
        Assert.Contains("untested", Assert.Single(search.Notes));
    }

    [Fact]
    public void TheSignificanceLevelIsHonoured()
    {
        // 60/500 against 45/500: one-sided p ≈ 0.07 — a bound at α = 0.1, none at α = 0.05.
        var points = new List<ScalingPoint> { P("s", 1e20, "cot", 0.12, 500), P("l", 1e21, "none", 0.09, 500) };
        Assert.Empty(LowerBounds.Find(points, 0.05).Bounds);
        Assert.Single(LowerBounds.Find(points, 0.10).Bounds);
    }
}
