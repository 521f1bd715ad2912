using System.Globalization;
using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner;

/// <summary>What became of one planned cell in this invocation: its summary, or why it failed.</summary>
public sealed record CellOutcome(PlannedCell Cell, RunSummary? Summary, string? Failure)
{
    public CellState State => Failure is not null ? CellState.Failed
        : Summary is { Complete: true } ? CellState.Complete
        : Summary is { N: > 0 } ? CellState.Partial
        : CellState.NotStarted;
}

/// <summary>
/// The end of a sweep: every cell's outcome (failed cells with their reason). <see cref="Write"/> records it as
/// <c>sweep.json</c> in the output directory (per shard: <c>sweep-shard-I-of-N.json</c>) and <see cref="Print"/> as the final table.
/// </summary>
public sealed record SweepResult(SweepPlan Plan, IReadOnlyList<CellOutcome> Outcomes, bool DryRun)
{
    public IReadOnlyList<RunSummary> Summaries => Outcomes.Select(o => o.Summary).OfType<RunSummary>().ToList();

    public IReadOnlyList<CellOutcome> Failed => Outcomes.Where(o => o.Failure is not null).ToList();

    public static string FileName(ShardSpec? shard) => shard is null ? "sweep.json" : $"sweep-shard-{shard.Index}-of-{shard.Count}.json";

    public void Write(string outputDirectory) =>
        AtomicFile.WriteAllText(Path.Combine(outputDirectory, FileName(Plan.Shard)), JsonSerializer.Serialize(new
        {
            shard = Plan.Shard?.ToString(),
            cells = Outcomes.Select(o => new
            {
                key = o.Cell.Key,
                cell = o.Summary?.Cell ?? o.Cell.CellId,
                state = SweepPlanPrinter.StateText(o.State),
                n = o.Summary?.N ?? o.Cell.Finished,
                items = o.Cell.Items,
                accuracy = o.Summary?.Accuracy,
                estimated_flops = o.Cell.EstimatedFlops,
                summary = o.Summary is null ? null : Path.Combine(o.Cell.SummaryDirectory, "summary.json"),
                failure = o.Failure,
            }),
        }, RunJob.SummaryJson));

    public void Print(IConsoleOutput console)
    {
        var width = Math.Max(4, Outcomes.Select(o => o.Cell.Key.Length).DefaultIfEmpty(4).Max());
        console.WriteLine("");
        console.WriteLine($"  {"cell".PadRight(width)}  {"n",7}  {"state",-11}  {"accuracy",8}");
        foreach (var o in Outcomes)
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {o.Cell.Key.PadRight(width)}  {o.Summary?.N ?? o.Cell.Finished,7}  {SweepPlanPrinter.StateText(o.State),-11}  {(o.Summary is { } s ? s.Accuracy.ToString("F4", CultureInfo.InvariantCulture) : "-"),8}")
                + (o.Failure is { } reason ? $"  {reason}" : ""));
        if (Failed.Count > 0) console.WriteError($"{Failed.Count} of {Outcomes.Count} cells failed: {string.Join(", ", Failed.Select(f => f.Cell.Key))}");
    }
}
