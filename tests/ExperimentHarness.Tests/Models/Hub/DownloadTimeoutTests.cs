using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ExperimentHarness.Models.Hub;
using ExperimentHarness.Tests.Support;
using static ExperimentHarness.Tests.Models.Hub.ToyLock;

namespace ExperimentHarness.Tests.Models.Hub;

/// <summary>A silent, stalled or trickling server fails the attempt after the idle timeout; the next attempt resumes from the .part.</summary>
public class DownloadTimeoutTests
{
    private static readonly DownloadLimits Fast = new(
        ConnectTimeout: TimeSpan.FromSeconds(1), IdleTimeout: TimeSpan.FromSeconds(1), MaxAttempts: 3, Backoff: TimeSpan.FromMilliseconds(10), MaxRedirects: 5);

    private static async Task<(byte[] Got, List<string> Log, TimeSpan Took)> Fetch(LoopbackHub hub, byte[] content, FileExpectation expected)
    {
        var target = Path.Combine(TestPaths.NewTempDirectory(), "f.bin");
        var log = new List<string>();
        using var http = HubDownloader.CreateClient(Fast);
        var clock = Stopwatch.StartNew();
        await new HubDownloader(http, Fast, log.Add).FetchAsync(new Uri(hub.Endpoint + "/f.bin"), "f.bin", expected, target, CancellationToken.None);
        return (File.ReadAllBytes(target), log, clock.Elapsed);
    }

    [Theory]
    [InlineData(Misbehaviour.NeverAnswer, false)]
    [InlineData(Misbehaviour.StallHalfway, true)]
    [InlineData(Misbehaviour.Trickle, true)]
    public async Task AnIdleAttemptIsCutOffAndRetried(Misbehaviour misbehaviour, bool resumes)
    {
        var content = Bytes(100_000, 5);
        using var hub = new LoopbackHub();
        hub.Serve("/f.bin", content, misbehaviour);

        var (got, log, took) = await Fetch(hub, content, FileExpectation.Pinned(content.Length, Sha(content)));

        Assert.Equal(content, got);
        Assert.Contains(log, l => l.Contains("f.bin: transfer interrupted") && l.Contains("no bytes for 1 s") && l.Contains("attempt 2/3"));
        Assert.True(took < TimeSpan.FromSeconds(8), $"took {took}");
        if (resumes) Assert.NotEqual("bytes=0-", Assert.Single(hub.RangeHeaders));
        else Assert.Empty(hub.RangeHeaders);
    }

    [Fact]
    public async Task AServerThatNeverAnswersFailsAfterTheLastAttemptWithOneLine()
    {
        var content = Bytes(1000, 6);
        using var hub = new LoopbackHub();
        hub.Serve("/f.bin", content, Misbehaviour.NeverAnswer, Misbehaviour.NeverAnswer, Misbehaviour.NeverAnswer);
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => Fetch(hub, content, FileExpectation.Unpinned(1 << 20)));

        Assert.Equal($"f.bin: no bytes for 1 s ({hub.Endpoint}/f.bin); gave up after 3 attempts (0 bytes kept in the .part for the next run)", ex.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task AConnectionThatIsNeverAcceptedTimesOut()
    {
        // A loopback listener whose accept queue is full: further connection attempts get no answer.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                fillers.Add(filler);
                try { filler.Connect(endpoint); } catch (SocketException) { /* in progress */ }
            }
            var limits = Fast with { IdleTimeout = TimeSpan.FromSeconds(5), MaxAttempts = 2 };     // so only the connect timeout can fire
            using var http = HubDownloader.CreateClient(limits);
            var target = Path.Combine(TestPaths.NewTempDirectory(), "f.bin");
            var clock = Stopwatch.StartNew();
            var ex = await Assert.ThrowsAsync<HttpRequestException>(() => new HubDownloader(http, limits, _ => { })
                .FetchAsync(new Uri($"http://127.0.0.1:{endpoint.Port}/f.bin"), "f.bin", FileExpectation.Unpinned(100), target, CancellationToken.None));
            Assert.Contains("gave up after 2 attempts", ex.Message);
            Assert.Contains("no connection within 1 s", ex.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
        }
        finally
        {
            foreach (var filler in fillers) filler.Dispose();
        }
    }
}
