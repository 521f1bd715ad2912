using System.CommandLine;
using System.Diagnostics;
using ExperimentHarness.Benchmarks;
using ExperimentHarness.Models.Hub;
using ExperimentHarness.Runner;
using ExperimentHarness.Runner.Commands;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

/// <summary>
/// Offline, <c>data fetch</c> stops at the first host name that does not resolve: no retries, one line saying where to
/// place the files, and no empty folder left behind. The host <c>nonexistent.invalid</c> can never resolve (RFC 2606),
/// so the failure happens in name resolution, with or without a network.
/// </summary>
public class OfflineDataFetchTests
{
    private const string Unresolvable = "http://nonexistent.invalid";

    [Fact]
    public async Task DataFetchWithAnUnresolvableHostFailsFastWithOneLineAndLeavesNoFolder()
    {
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "data");
        var files = new[]
        {
            new PublicDataFile("gsm8k/test.jsonl", $"{Unresolvable}/gsm8k/test.jsonl", 10, new string('0', 64)),
            new PublicDataFile("gsm8k/train.jsonl", $"{Unresolvable}/gsm8k/train.jsonl", 10, new string('0', 64)),
            new PublicDataFile("cot-suites/AddSub/AddSub.json", $"{Unresolvable}/AddSub.json", 10, new string('0', 64)),
        };
        var console = new CapturingConsole();
        var root = new RootCommand();
        // Default limits: were the failure retried, the backoff alone (1 + 2 + 3 + 4 s) would take 10 s.
        root.Subcommands.Add(new DataCommand(console, files, DownloadLimits.Default).Build());
        var clock = Stopwatch.StartNew();

        var code = await root.Parse(["data", "fetch", "--dir", dir]).InvokeAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(ExitCodes.VerificationFailed, code);
        var line = Assert.Single(console.Errors);
        Assert.StartsWith("no network (cannot resolve nonexistent.invalid): place the benchmark files under ", line);
        Assert.Contains(Path.GetFullPath(dir), line);
        Assert.Contains("../shared/data", line);
        Assert.Contains("scripts/fetch-data", line);
        Assert.Empty(console.Lines);
        Assert.False(Directory.Exists(dir), "data fetch left a folder behind");
    }

    [Fact]
    public async Task AHostThatDoesNotResolveIsNotRetriedAndTheFoldersItCreatedAreRemoved()
    {
        var parent = TestPaths.NewTempDirectory();
        var target = Path.Combine(parent, "a", "b", "f.bin");
        var log = new List<string>();
        using var http = HubDownloader.CreateClient(DownloadLimits.Default);
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<HostNotResolvedException>(() => new HubDownloader(http, DownloadLimits.Default, log.Add)
            .FetchAsync(new Uri($"{Unresolvable}/f.bin"), "f.bin", FileExpectation.Unpinned(1000), target, CancellationToken.None));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Empty(log);                                  // no "transfer interrupted ... resuming"
        Assert.StartsWith("f.bin: cannot resolve nonexistent.invalid", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.False(Directory.Exists(Path.Combine(parent, "a")));
        Assert.True(Directory.Exists(parent));              // only what the downloader created is removed
    }

    [Fact]
    public void OnlyNameResolutionFailuresCountAsOffline()
    {
        var dns = new HttpRequestException("Name or service not known", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound));
        var again = new HttpRequestException("Temporary failure in name resolution", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.TryAgain));
        var refused = new HttpRequestException("Connection refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        Assert.True(TransferFailure.IsNameResolution(dns));
        Assert.True(TransferFailure.IsNameResolution(again));
        Assert.False(TransferFailure.IsNameResolution(refused));
        Assert.False(TransferFailure.IsRetryable(dns));
        Assert.True(TransferFailure.IsRetryable(refused));
    }
}
