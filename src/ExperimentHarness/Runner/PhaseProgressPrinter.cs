using System.Diagnostics;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner;

/// <summary>
/// Prints a long phase's progress at most once per interval: a phase that finishes within the interval prints nothing,
/// a longer one prints a line whenever the interval has passed since its start or its last line, and its last report
/// once it has printed anything (so the console shows it finishing). Reports are handled synchronously.
/// </summary>
public sealed class PhaseProgressPrinter(IConsoleOutput console, TimeSpan? interval = null, Func<TimeSpan>? clock = null) : IProgress<PhaseProgress>
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);
    private readonly TimeSpan _interval = interval ?? DefaultInterval;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private string? _phase;
    private TimeSpan _since;
    private bool _printed;

    public void Report(PhaseProgress value)
    {
        lock (_gate)
        {
            var now = clock?.Invoke() ?? _watch.Elapsed;
            if (value.Phase != _phase) (_phase, _since, _printed) = (value.Phase, now, false);
            if (now - _since < _interval && !(value.Done >= value.Total && _printed)) return;
            console.WriteLine(value.ToString());
            (_since, _printed) = (now, true);
        }
    }
}
