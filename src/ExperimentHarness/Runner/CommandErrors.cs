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
            default:
                output.WriteError($"internal error: {ex}");
                return ExitCodes.InternalError;
        }
    }
}
