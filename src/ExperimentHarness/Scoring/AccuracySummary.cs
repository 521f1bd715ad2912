namespace ExperimentHarness.Scoring;

/// <summary>
/// Accuracy of n scored items with its 95% Wilson interval, the correct count, and the share of items whose answer
/// could not be extracted (invalid). The one computation behind a run summary and a re-scored completions file.
/// </summary>
public sealed record AccuracySummary(double Accuracy, double[] Ci95, int Correct, double InvalidRate)
{
    public static AccuracySummary Of(int correct, int invalid, int n) =>
        new(Ratio(correct, n), WilsonInterval.Of(correct, n), correct, Ratio(invalid, n));

    private static double Ratio(int count, int n) => n == 0 ? 0 : (double)count / n;
}
