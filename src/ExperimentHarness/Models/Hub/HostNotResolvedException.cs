namespace ExperimentHarness.Models.Hub;

/// <summary>
/// A download failed because its host name could not be resolved (offline machine, no DNS, unknown host). It is
/// never retried; callers that fetch many files stop at the first one, since the rest would fail the same way.
/// </summary>
public sealed class HostNotResolvedException(string message, Exception inner) : HttpRequestException(message, inner);
