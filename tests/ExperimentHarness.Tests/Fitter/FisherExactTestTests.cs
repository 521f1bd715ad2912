using ExperimentHarness.Fitter;
using MathNet.Numerics.Distributions;

namespace ExperimentHarness.Tests.Fitter;

public class FisherExactTestTests
{
    [Fact]
    public void TeaTastingGivesTheTextbookOneSidedPValue()
    {
        // Fisher's lady tasting tea: 3 of 4 right against 1 of 4, one-sided p = 17/70.
        var test = FisherExactTest.Run(3, 4, 1, 4, 0.05);
        Assert.Equal(17.0 / 70, test.PValue, 12);
        Assert.False(test.Significant);
        Assert.Equal("fisher_exact_one_sided", test.Method);
    }

    [Fact]
    public void AgreesWithMathNetsHypergeometricTailWhereThatDoesNotOverflow()
    {
        var test = FisherExactTest.Run(30, 100, 18, 100, 0.05);
        var tail = 1 - Hypergeometric.CDF(200, 48, 100, 29);
        Assert.Equal(tail, test.PValue, 10);
        Assert.True(test.Significant);
    }

    [Fact]
    public void ThreeRightAgainstNoneOfGsm8kIsNotSignificant()
    {
        // With no successes on the lower side, p = C(n,k)/C(2n,k) ≈ 2^-k: 3/1319 against 0/1319 gives ≈ 0.125,
        // where a pooled z-test would claim z ≈ 1.73, p ≈ 0.04.
        var test = FisherExactTest.Run(3, 1319, 0, 1319, 0.05);
        Assert.Equal(1319.0 * 1318 * 1317 / (2638.0 * 2637 * 2636), test.PValue, 10);   // log-space sums agree to ~1e-12
        Assert.False(test.Significant);
    }

    [Fact]
    public void ThousandsOfItemsDoNotOverflowAndTheDirectionMatters()
    {
        var up = FisherExactTest.Run(700, 1319, 600, 1319, 0.05);
        var down = FisherExactTest.Run(600, 1319, 700, 1319, 0.05);
        Assert.Equal(5.736461556192252e-05, up.PValue, 12);     // exact rational sum (Python integers)
        Assert.True(up.Significant);
        Assert.InRange(down.PValue, 0.999, 1.0);
        Assert.Throws<ArgumentOutOfRangeException>(() => FisherExactTest.Run(5, 4, 0, 4, 0.05));
    }
}
