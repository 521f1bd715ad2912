using System.Runtime.InteropServices;

namespace ExperimentHarness.Runner;

/// <summary>
/// The first SIGINT (Ctrl-C), SIGTERM (e.g. Slurm) or SIGQUIT cancels <see cref="Token"/> so the running
/// command can finish its current item, flush the store and write its summary; a second signal of the
/// same kind terminates the process as usual.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    public StopSignals()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT })
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
    }

    public CancellationToken Token => _source.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested) return;     // second signal: default action (terminate)
        context.Cancel = true;
        Console.Error.WriteLine($"received {context.Signal}: stopping after the current step (send it again to kill)");
        _source.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }
}
