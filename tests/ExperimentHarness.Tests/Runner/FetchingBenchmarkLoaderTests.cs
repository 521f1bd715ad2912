using ExperimentHarness.Benchmarks;
using ExperimentHarness.Models.Hub;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

/// <summary>Public benchmark data is fetched into the cache on first use, verified, and reused; offline the error says what to place where.</summary>
public class FetchingBenchmarkLoaderTests
{
    [Fact]
    public void MissingGsm8kIsFetchedIntoTheCacheOnceVerifiedAndThenReused()
    {
        var cache = Path.Combine(TestPaths.NewTempDirectory(), "data");
        var fetcher = new CopyingFetcher(TestPaths.SharedData);
        var console = new CapturingConsole();
        var loader = new FetchingBenchmarkLoader(new SuiteBenchmarkLoader(), fetcher, cache, console);
        var request = new BenchmarkRequest("gsm8k", "/nonexistent/data/gsm8k", new Dictionary<string, string>());

        var splits = loader.Load(request);
        Assert.Equal(1319, splits.Test.Count);
        Assert.Equal(["gsm8k/LICENSE", "gsm8k/test.jsonl", "gsm8k/train.jsonl"], fetcher.Fetched.Order());
        Assert.True(File.Exists(Path.Combine(cache, "gsm8k", "test.jsonl")));
        Assert.Contains(console.Lines, l => l.Contains("/nonexistent/data/gsm8k does not exist; reading the verified pinned copy in " + Path.Combine(cache, "gsm8k")));

        Assert.Equal(1319, loader.Load(request).Test.Count);
        Assert.Equal(3, fetcher.Fetched.Count);     // nothing fetched again
    }

    [Fact]
    public void AGivenDataFolderIsUsedWithoutFetching()
    {
        var fetcher = new CopyingFetcher(TestPaths.SharedData);
        var loader = new FetchingBenchmarkLoader(new SuiteBenchmarkLoader(), fetcher, Path.Combine(TestPaths.NewTempDirectory(), "data"), new CapturingConsole());
        var splits = loader.Load(new BenchmarkRequest("multiarith", Path.Combine(TestPaths.SharedData, "cot-suites"), new Dictionary<string, string>()));
        Assert.NotEmpty(splits.Test);
        Assert.Empty(fetcher.Fetched);
    }

    [Fact]
    public void OfflineTheErrorNamesEachFileAndWhereToPlaceIt()
    {
        var cache = Path.Combine(TestPaths.NewTempDirectory(), "data");
        var loader = new FetchingBenchmarkLoader(new SuiteBenchmarkLoader(), new OfflineFetcher(), cache, new CapturingConsole());
        var ex = Assert.Throws<FileNotFoundException>(() => loader.Load(new BenchmarkRequest("gsm8k", null, new Dictionary<string, string>())));
        foreach (var file in PublicDataPins.ForSuite("gsm8k")!.Files)
            Assert.Contains($"{file.Url} ({file.Size} bytes, sha256 {file.Sha256}) at {Path.Combine(cache, file.Path)}", ex.Message);
        Assert.StartsWith("benchmark gsm8k: no data path given and the pinned files cannot be downloaded (cannot resolve", ex.Message);
        Assert.False(File.Exists(Path.Combine(cache, "gsm8k", "test.jsonl")));
    }

    [Fact]
    public void AFetchedFileThatDoesNotMatchItsPinIsRefusedAndRemoved()
    {
        var cache = Path.Combine(TestPaths.NewTempDirectory(), "data");
        var loader = new FetchingBenchmarkLoader(new SuiteBenchmarkLoader(), new CorruptingFetcher(), cache, new CapturingConsole());
        var ex = Assert.Throws<VerificationException>(() => loader.Load(new BenchmarkRequest("addsub", null, new Dictionary<string, string>())));
        var target = Path.Combine(cache, "cot-suites", "AddSub", "AddSub.json");
        Assert.StartsWith($"{target}: size 5, expected 131373", ex.Message);
        Assert.False(File.Exists(target));
    }

    /// <summary>Serves the pinned files from a local mirror (here the shared test data), as a download would.</summary>
    private sealed class CopyingFetcher(string mirror) : IPinnedFileFetcher
    {
        public List<string> Fetched { get; } = [];

        public void Fetch(PublicDataFile file, string target, CancellationToken ct)
        {
            Fetched.Add(file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(mirror, file.Path), target, overwrite: true);
        }
    }

    private sealed class OfflineFetcher : IPinnedFileFetcher
    {
        public void Fetch(PublicDataFile file, string target, CancellationToken ct) =>
            throw new HostNotResolvedException($"cannot resolve {new Uri(file.Url).Host}", new IOException("Name or service not known"));
    }

    private sealed class CorruptingFetcher : IPinnedFileFetcher
    {
        public void Fetch(PublicDataFile file, string target, CancellationToken ct)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, "wrong");
        }
    }
}
