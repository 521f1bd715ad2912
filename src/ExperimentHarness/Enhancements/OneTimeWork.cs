namespace ExperimentHarness.Enhancements;

/// <summary>
/// One-time work of a stack element (building an index, training a head): its FLOPs — the full cost
/// whether built now or loaded — what was executed in this run (0 when a cached result was reused), and a description.
/// </summary>
public sealed record OneTimeWork(double Flops, double ExecutedThisRun, string Description)
{
    public static readonly OneTimeWork None = new(0, 0, "none");
}
