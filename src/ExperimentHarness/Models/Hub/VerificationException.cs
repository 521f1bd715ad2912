namespace ExperimentHarness.Models.Hub;

/// <summary>Downloaded or local files do not match the lock (exit code VerificationFailed).</summary>
public sealed class VerificationException(string message) : Exception(message);
