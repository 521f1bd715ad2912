namespace ExperimentHarness.Runner;

/// <summary>Every exit code the CLI returns, in one place.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>An unexpected failure (a bug, or an environment problem we did not anticipate).</summary>
    public const int InternalError = 1;
    /// <summary>Bad command line (unknown verb, missing option).</summary>
    public const int Usage = 2;
    /// <summary>A config file, data file or checkpoint is invalid; the message names file and key.</summary>
    public const int InvalidInput = 3;
    /// <summary>A file or directory the command needs does not exist.</summary>
    public const int NotFound = 4;
    /// <summary>Downloaded or local files do not match models.lock.json.</summary>
    public const int VerificationFailed = 5;
    /// <summary>The device ran out of memory even for the smallest batch; finished samples are saved.</summary>
    public const int OutOfMemory = 6;
    /// <summary>A sweep ran to its end but some cells failed; the final table and sweep.json name them and their reasons.</summary>
    public const int CellsFailed = 7;
    /// <summary><c>parity</c>: a fixture's logits or greedy continuation fell outside the bound for its dtype.</summary>
    public const int ParityMismatch = 8;
    /// <summary>Stopped by Ctrl-C / SIGTERM; everything finished so far is saved.</summary>
    public const int Cancelled = 130;
}
