namespace ExperimentHarness.Runner;

/// <summary>Provisional 95% Wilson score interval; replaced by Scoring's accuracy estimate on merge.</summary>
internal static class WilsonInterval
{
    public static double[] Of(int correct, int n)
    {
        if (n == 0) return [0, 1];
        const double z = 1.959963984540054;
        var p = (double)correct / n;
        var denom = 1 + z * z / n;
        var centre = (p + z * z / (2 * n)) / denom;
        var half = z * Math.Sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denom;
        return [Math.Max(0, centre - half), Math.Min(1, centre + half)];
    }
}
