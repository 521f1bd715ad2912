using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner;

/// <summary>Maps exceptions to messages and exit codes by type (never by message text).</summary>
public static class CommandErrors
{
    public static int Report(Exception ex, IConsoleOutput output)
    {
        if (ex is AggregateException { InnerExceptions.Count: 1 } agg) ex = agg.InnerExceptions[0];
        switch (ex)
        {
            case OperationCanceledException:
                output.WriteError("stopped: cancelled (finished work is saved)");
                return ExitCodes.Cancelled;
            case InputException:
                output.WriteError($"error: {ex.Message}");
                return ExitCodes.InvalidInput;
            case Models.Hub.VerificationException:
                output.WriteError($"error: {ex.Message}");
                return ExitCodes.VerificationFailed;
            case HttpRequestException:
                output.WriteError($"error: download failed: {ex.Message}");
                return ExitCodes.InternalError;
            case InsufficientMemoryException:
                output.WriteError($"error: {ex.Message} (finished samples are saved; rerunning resumes)");
                return ExitCodes.OutOfMemory;
            case FileNotFoundException or DirectoryNotFoundException:
                output.WriteError($"error: {ex.Message}");
                return ExitCodes.NotFound;
            case TypeInitializationException { TypeName: "TorchSharp.torch" }:
                // TorchSharp dlopens libtorch_cpu/libtorch_cuda and LibTorchSharp by name: beside the executable, then on
                // the loader's path. A single-file publish (the GPU device kit) carries no libtorch, and TorchSharp's
                // fallback then fails with an unrelated ArgumentNullException.
                output.WriteError($"error: libtorch could not be loaded; put a libtorch 2.10 lib folder (libtorch_cpu.so, for CUDA libtorch_cuda.so) " +
                                  $"on LD_LIBRARY_PATH, e.g. Python torch's torch/lib ({ex.InnerException?.GetType().Name}: {ex.InnerException?.Message})");
                return ExitCodes.InternalError;
            default:
                output.WriteError($"internal error: {ex}");
                return ExitCodes.InternalError;
        }
    }
}
