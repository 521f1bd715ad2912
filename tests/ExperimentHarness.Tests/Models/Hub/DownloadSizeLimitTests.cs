using System.Diagnostics;
using System.Text;
using ExperimentHarness.Models.Hub;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using static ExperimentHarness.Tests.Models.Hub.ToyLock;

namespace ExperimentHarness.Tests.Models.Hub;

/// <summary>Reading stops at the pinned size, the index's total size or the unpinned ceiling: a server cannot fill the disk.</summary>
public class DownloadSizeLimitTests
{
    private const string WeightsUrl = "/org/toy-a/resolve/0123abcd/model.safetensors";

    [Theory]
    [InlineData(Misbehaviour.Oversized, "the server announces 209715200 bytes")]
    [InlineData(Misbehaviour.Endless, "the server sent more bytes")]
    public async Task APinnedFileStopsAtItsPinnedSize(Misbehaviour misbehaviour, string what)
    {
        var dir = TestPaths.NewTempDirectory();
        var weights = Bytes(417, 1);
        using var hub = new LoopbackHub();
        hub.Serve(WeightsUrl, weights, misbehaviour);
        var console = new CapturingConsole();
        var clock = Stopwatch.StartNew();

        var code = await CliHost.RunAsync(["models", "fetch", "toy", "--dir", Path.Combine(dir, "m"), "--endpoint", hub.Endpoint,
            "--lock", ToyLock.Pinned(dir, ("model.safetensors", weights))], console);

        Assert.Equal(ExitCodes.VerificationFailed, code);
        var error = Assert.Single(console.Errors);
        Assert.Contains("org/toy-a@0123abcd/model.safetensors", error);
        Assert.Contains($"{what}, more than the pinned size of 417 bytes", error);
        var member = Path.Combine(dir, "m");      // the downloader removes a folder it created for a file that failed
        Assert.False(Directory.Exists(member) && Directory.EnumerateFiles(member, "*", SearchOption.AllDirectories).Any());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task AnUnpinnedFileStopsAtItsCeiling()
    {
        var dir = TestPaths.NewTempDirectory();
        using var hub = new LoopbackHub();
        hub.Serve("/f.bin", Bytes(10, 1), Misbehaviour.Endless);
        using var http = HubDownloader.CreateClient(DownloadLimits.Default);
        var downloader = new HubDownloader(http, DownloadLimits.Default, _ => { });
        var target = Path.Combine(dir, "f.bin");

        var ex = await Assert.ThrowsAsync<VerificationException>(() =>
            downloader.FetchAsync(new Uri(hub.Endpoint + "/f.bin"), "f.bin", FileExpectation.Unpinned(1 << 20), target, CancellationToken.None));

        Assert.Contains("the server sent more bytes, more than the unpinned ceiling of 1048576 bytes", ex.Message);
        Assert.False(File.Exists(target));
        Assert.False(File.Exists(target + ".part"));
    }

    [Fact]
    public async Task AnUnpinnedShardStopsAtTheIndexTotalSize()
    {
        var dir = TestPaths.NewTempDirectory();
        using var hub = new LoopbackHub();
        hub.Serve("/org/toy-a/resolve/main/model.safetensors.index.json",
            Encoding.UTF8.GetBytes("{\"metadata\": {\"total_size\": 5000}, \"weight_map\": {\"a\": \"model-00001-of-00001.safetensors\"}}"));
        hub.Serve("/org/toy-a/resolve/main/config.json", Bytes(10, 1));
        hub.Serve("/org/toy-a/resolve/main/tokenizer.json", Bytes(10, 2));
        hub.Serve("/org/toy-a/resolve/main/model-00001-of-00001.safetensors", Bytes(10, 3), Misbehaviour.Endless);
        var console = new CapturingConsole();

        var code = await CliHost.RunAsync(["models", "fetch", "toy", "--dir", Path.Combine(dir, "m"), "--endpoint", hub.Endpoint,
            "--lock", ToyLock.Unpinned(dir), "--allow-unpinned"], console);

        Assert.Equal(ExitCodes.VerificationFailed, code);
        Assert.Contains(console.Errors, e => e.Contains("model-00001-of-00001.safetensors") && e.Contains("more than the unpinned ceiling of 5000 bytes"));
        Assert.False(File.Exists(Path.Combine(dir, "m", "toy", "a", "model-00001-of-00001.safetensors.part")));
    }
}
