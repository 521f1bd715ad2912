using System.Globalization;

namespace ExperimentHarness.Runner;

/// <summary>
/// Prints a sweep's plan before it starts: the matrix, one line per cell of this shard (items, stored items, state,
/// estimated FLOPs), the FLOPs still to run and the time they take at the last measured throughput.
/// </summary>
public static class SweepPlanPrinter
{
    public static void Print(SweepPlan plan, IConsoleOutput console)
    {
        var all = plan.AllCells;
        var models = all.Select(c => c.ModelName).Distinct().Count();
        var stacks = all.Select(c => c.StackIndex).Distinct().Count();
        var shard = plan.Shard is { } s ? $"; shard {s}: {plan.Cells.Count} cells" : "";
        console.WriteLine($"plan: {plan.Benchmarks.Count} benchmark(s) × {models} model(s) × {stacks} stack(s) = {all.Count} cells, " +
                          $"{SweepPlanner.Count(all.Sum(c => c.Items))} items{shard}");
        var width = Math.Max(4, plan.Cells.Select(c => c.Key.Length).DefaultIfEmpty(4).Max());
        console.WriteLine($"  {"cell".PadRight(width)}  {"items",7}  {"stored",7}  {"state",-11}  {"est. FLOPs",10}");
        foreach (var cell in plan.Cells)
            console.WriteLine($"  {cell.Key.PadRight(width)}  {cell.Items,7}  {cell.Finished,7}  {StateText(cell.State),-11}  {Flops(cell.EstimatedFlops),10}" +
                              (cell.Failure is { } reason ? $"  {reason}" : ""));
        foreach (var state in new[] { CellState.Complete, CellState.Partial, CellState.NotStarted, CellState.Failed })
            if (plan.Cells.Count(c => c.State == state) is var n and > 0) console.WriteLine($"  {n} {StateText(state)}");
        console.WriteLine(EstimateLine(plan));
    }

    /// <summary>The FLOPs still to run (cells not complete or failed) and their time at the measured rate.</summary>
    public static string EstimateLine(SweepPlan plan)
    {
        var open = plan.Cells.Where(c => c.State is CellState.NotStarted or CellState.Partial).ToList();
        var unknown = open.Count(c => c.RemainingFlops is null);
        var flops = open.Sum(c => c.RemainingFlops ?? 0);
        var text = $"estimate: {Flops(flops)} inference FLOPs to run (ledger, canonical, every sample to max_new_tokens; padding and batching add executed FLOPs, early stops save them; one-time work not included)";
        if (unknown > 0) text += $", {unknown} cell(s) without an estimate (checkpoint not created yet)";
        text += plan.Throughput is { } rate
            ? string.Create(CultureInfo.InvariantCulture, $"; ≈ {Duration(flops / rate.FlopsPerSecond)} at {rate.FlopsPerSecond:0.00e+00} FLOP/s (measured, {Path.GetRelativePath(Directory.GetCurrentDirectory(), rate.SummaryFile)})")
            : "; time: no measured throughput yet";
        return text;
    }

    public static string StateText(CellState state) => state switch
    {
        CellState.NotStarted => "not started",
        CellState.Partial => "partial",
        CellState.Complete => "complete",
        _ => "failed",
    };

    public static string Flops(double? flops) => flops is { } f ? f.ToString("0.00e+00", CultureInfo.InvariantCulture) : "unknown";

    private static string Duration(double seconds) => seconds switch
    {
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:F0} s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:F1} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:F1} h"),
    };
}
