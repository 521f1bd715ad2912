using ExperimentHarness.Benchmarks;
using ExperimentHarness.Models.Hub;

namespace ExperimentHarness.Runner;

/// <summary>The real <see cref="IPinnedFileFetcher"/>: <c>data fetch</c>'s downloader (size and sha256 checked before the file gets its name).</summary>
public sealed class PinnedDataDownloader(IConsoleOutput console) : IPinnedFileFetcher
{
    public void Fetch(PublicDataFile file, string target, CancellationToken ct)
    {
        using var http = HubDownloader.CreateClient(DownloadLimits.Default);
        new HubDownloader(http, DownloadLimits.Default, console.WriteError)
            .FetchAsync(new Uri(file.Url), file.Path, FileExpectation.Pinned(file.Size, file.Sha256), target, ct)
            .GetAwaiter().GetResult();
    }
}
