using ExperimentHarness.Scoring;

namespace ExperimentHarness.Report;

/// <summary>
/// How one cell's accuracy moved since a previous night: the change (now − before) and its 95% interval by Newcombe's
/// hybrid score method (method 10 of Newcombe 1998, built from the two Wilson intervals). <see cref="Moved"/> is true when that
/// interval excludes 0, i.e. the change is larger than the noise of two independent samples of these sizes.
/// </summary>
public sealed record AccuracyShift(CellSummary Now, CellSummary Before, double Change, double[] ChangeCi95)
{
    public bool Moved => ChangeCi95[0] > 0 || ChangeCi95[1] < 0;

    public const string Method = "95% interval of the difference of the two accuracies (Newcombe's hybrid score interval from both nights' Wilson intervals); flagged when it excludes 0";

    public static AccuracyShift Between(CellSummary now, CellSummary before)
    {
        var (p1, p2) = (Ratio(now.Correct, now.N), Ratio(before.Correct, before.N));
        var (w1, w2) = (WilsonInterval.Of(now.Correct, now.N), WilsonInterval.Of(before.Correct, before.N));
        var change = p1 - p2;
        var lower = change - Math.Sqrt(Square(p1 - w1[0]) + Square(w2[1] - p2));
        var upper = change + Math.Sqrt(Square(w1[1] - p1) + Square(p2 - w2[0]));
        return new AccuracyShift(now, before, change, [lower, upper]);
    }

    /// <summary>Each cell of <paramref name="now"/> with its counterpart in <paramref name="before"/> (same model, benchmark and stack).</summary>
    public static IReadOnlyList<AccuracyShift> Compare(IReadOnlyList<CellSummary> now, IReadOnlyList<CellSummary> before)
    {
        var previous = before.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.First());
        return now.Where(c => previous.ContainsKey(c.Key)).Select(c => Between(c, previous[c.Key])).ToList();
    }

    private static double Ratio(int correct, int n) => n == 0 ? 0 : (double)correct / n;

    private static double Square(double x) => x * x;
}
