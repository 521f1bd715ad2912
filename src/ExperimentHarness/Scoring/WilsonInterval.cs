namespace ExperimentHarness.Scoring;

/// <summary>The 95% Wilson score interval for a binomial proportion (well-behaved at 0 and 1 and for small n).</summary>
public static class WilsonInterval
{
    public static double[] Of(int correct, int n)
    {
        if (n == 0) return [0, 1];
        const double z = 1.959963984540054;
        var p = (double)correct / n;
        var denom = 1 + z * z / n;
        var centre = (p + z * z / (2 * n)) / denom;
        var half = z * Math.Sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denom;
        // At 0 and n correct the bound is exactly 0 (or 1); the formula leaves rounding dust there.
        return [correct == 0 ? 0 : Math.Max(0, centre - half), correct == n ? 1 : Math.Min(1, centre + half)];
    }
}
