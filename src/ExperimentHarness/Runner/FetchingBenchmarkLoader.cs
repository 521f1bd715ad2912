using ExperimentHarness.Benchmarks;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models.Hub;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Runner;

/// <summary>
/// Benchmark data on first use: a public suite whose data path is not given or does not exist is read from the data cache
/// (<c>CACHE/data</c>, the layout <c>scripts/fetch-data</c> writes), and its pinned files that are missing there are
/// downloaded first. Every cached file is checked against its pinned size and sha256 before use. Without a network the
/// error names each missing file and the exact path to place it at. A data path that exists is used as it is (no download).
/// </summary>
public sealed class FetchingBenchmarkLoader(IBenchmarkLoader inner, IPinnedFileFetcher fetcher, string dataCache, IConsoleOutput console) : IBenchmarkLoader
{
    public BenchmarkSplits Load(BenchmarkRequest request)
    {
        if (PublicDataPins.ForSuite(request.Name) is not { } suite
            || request.DataPath is { } given && (File.Exists(given) || Directory.Exists(given)))
            return inner.Load(request);
        var folder = Path.Combine(dataCache, suite.Folder);
        var missing = suite.Files.Where(f => Mismatch(f) is not null).ToList();
        foreach (var file in missing)
        {
            try { fetcher.Fetch(file, Target(file), CancellationToken.None); }
            catch (HttpRequestException e)
            {
                throw new FileNotFoundException($"benchmark {request.Name}: {(request.DataPath is null ? "no data path given" : $"no data at {request.DataPath}")}" +
                    $" and the pinned files cannot be downloaded ({e.Message.ReplaceLineEndings(" ")}); place " +
                    string.Join(", ", missing.Select(f => $"{f.Url} ({f.Size} bytes, sha256 {f.Sha256}) at {Target(f)}")) +
                    " — or give a folder that holds them with --data or benchmark.path", Target(file), e);
            }
            if (Mismatch(file) is { } problem)
            {
                File.Delete(Target(file));      // never leave a wrong file where the next run would look
                throw new VerificationException($"{Target(file)}: {problem} (pinned: {file.Size} bytes, sha256 {file.Sha256})");
            }
            console.WriteLine($"fetched  {file.Path} into {dataCache} (size and sha256 verified)");
        }
        if (request.DataPath is not null) console.WriteLine($"benchmark {request.Name}: {request.DataPath} does not exist; reading the verified pinned copy in {folder}");
        return inner.Load(request with { DataPath = folder });
    }

    public ITaskScorer ScorerFor(string task) => inner.ScorerFor(task);

    private string Target(PublicDataFile file) => Path.Combine(dataCache, file.Path);

    private string? Mismatch(PublicDataFile file) => ContentHash.MismatchAsync(Target(file), file.Size, file.Sha256, CancellationToken.None).GetAwaiter().GetResult();
}
