using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner;

/// <summary>
/// Which errors fail one cell of a sweep (recorded with the reason, the sweep goes on) rather than the whole run: out of
/// memory that halving the batch could not fix, a checkpoint or benchmark file that will not load or does not verify,
/// items a mode cannot score. Anything else (a stop, a bug) still ends the run.
/// </summary>
public static class CellFailures
{
    public static bool IsCellFailure(Exception e) => e is InsufficientMemoryException or InputException or Models.Hub.VerificationException
        or FileNotFoundException or DirectoryNotFoundException or InvalidDataException;

    /// <summary>The reason as one line, prefixed with what was being done.</summary>
    public static string Reason(string stage, Exception e) => $"{stage}: {e.Message.ReplaceLineEndings(" ")}";
}
