using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Foundation;
using ExperimentHarness.Runner;
using Microsoft.Extensions.DependencyInjection;

namespace ExperimentHarness.Tests.Support;

/// <summary>
/// The test assembly's entry point, used only as a child process: <c>dotnet ExperimentHarness.Tests.dll interrupted
/// kill|term N run --config ...</c> runs the real CLI (host, signals, exit codes, real model and store) with the
/// model's engine wrapped so that it interrupts the run at a chosen item instead of after some wall-clock time.
/// Once N items are stored the process sends itself SIGKILL (<c>kill</c>) or SIGTERM (<c>term</c>; it then waits until
/// the CLI's stop handling has cancelled the run, so the stop finds exactly N items done).
/// </summary>
public static class InterruptedCli
{
    public const string Verb = "interrupted";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 3 || args[0] != Verb || args[1] is not ("kill" or "term") || !int.TryParse(args[2], out var items))
        {
            Console.Error.WriteLine($"usage: {Verb} kill|term N <harness arguments>");
            return 2;
        }
        var kill = args[1] == "kill";
        return await CliHost.RunAsync(args[3..], configure: builder => builder.Services.AddSingleton<IModelLoader>(services =>
            new Loader(new TorchModelLoader(services.GetRequiredService<IConsoleOutput>()), kill, items)));
    }

    private sealed class Loader(IModelLoader inner, bool kill, int items) : IModelLoader
    {
        public ILoadedModel Load(ModelSpec spec, int batchRows, CancellationToken ct) => new Model(inner.Load(spec, batchRows, ct), kill, items);
    }

    /// <summary>Lets <c>items</c> results through (each is stored before the next is asked for), then interrupts.</summary>
    private sealed class InterruptingEngine(IGenerationEngine inner, bool kill, int items) : IGenerationEngine
    {
        private int _yielded;

        public IEnumerable<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken ct)
        {
            foreach (var result in inner.Generate(requests, ct))
            {
                if (_yielded == items) Interrupt(ct);
                _yielded++;
                yield return result;
            }
        }

        private void Interrupt(CancellationToken ct)
        {
            if (kill)
            {
                System.Diagnostics.Process.GetCurrentProcess().Kill();      // SIGKILL: nothing gets a chance to flush
                Thread.Sleep(Timeout.Infinite);
            }
            if (SendSignal(Environment.ProcessId, SigTerm) != 0) throw new InvalidOperationException("kill(2) failed");
            ct.WaitHandle.WaitOne();                                        // StopSignals cancels the run's token
            ct.ThrowIfCancellationRequested();
        }
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private sealed class Model(ILoadedModel inner, bool kill, int items) : ForwardingLoadedModel(inner)
    {
        public override IGenerationEngine Engine { get; } = new InterruptingEngine(inner.Engine, kill, items);
    }
}
