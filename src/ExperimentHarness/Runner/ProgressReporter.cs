using System.Diagnostics;
using System.Globalization;

namespace ExperimentHarness.Runner;

/// <summary>Prints progress at most every few seconds (and at the end), so logging never slows the run.</summary>
public sealed class ProgressReporter(IConsoleOutput console)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastPrint;

    public void Report(CellProgress progress)
    {
        var now = _clock.Elapsed;
        if (progress.Finished < progress.Total && _lastPrint is { } last && now - last < Interval) return;
        _lastPrint = now;
        var seconds = now.TotalSeconds;
        var rate = seconds > 0 ? progress.GeneratedTokensThisRun / seconds : 0;
        var flops = seconds > 0 ? progress.ExecutedFlopsThisRun / seconds : 0;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{progress.Finished}/{progress.Total}] {progress.GeneratedThisRun} items this run, {rate:F1} generated tokens/s, {flops / 1e9:F2} GFLOP/s executed"));
    }

    public void Finish(RunSummary summary)
    {
        var reused = summary.Reuse is { SamplesReused: > 0 } r
            ? string.Create(CultureInfo.InvariantCulture, $", {r.SamplesReused}/{r.Samples} samples reused from other cells (their canonical share {r.FlopsCanonical:E3} FLOPs, not decoded again)")
            : "";
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(summary.Complete ? "done" : "stopped")}: n={summary.N}/{summary.ItemsPlanned} accuracy={summary.Accuracy:F4} " +
            $"[{summary.AccuracyCi95[0]:F4}, {summary.AccuracyCi95[1]:F4}] (flexible {summary.Flexible.Accuracy:F4}), " +
            $"inference FLOPs {summary.Flops.InferenceTotal:E3}") + reused);
    }
}
