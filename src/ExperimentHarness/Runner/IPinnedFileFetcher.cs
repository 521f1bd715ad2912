using ExperimentHarness.Benchmarks;

namespace ExperimentHarness.Runner;

/// <summary>Downloads one pinned public file to a target path (the caller verifies it again before use).</summary>
public interface IPinnedFileFetcher
{
    void Fetch(PublicDataFile file, string target, CancellationToken ct);
}
