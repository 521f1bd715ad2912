using System.Text;
using System.Text.Json;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using static ExperimentHarness.Tests.Models.Hub.ToyLock;

namespace ExperimentHarness.Tests.Models.Hub;

/// <summary>File names from a server (index shards) or from the lock never place a file outside the member's folder.</summary>
public class HostileNamesTests
{
    [Theory]
    [InlineData("../../../escaped.safetensors")]
    [InlineData("sub/../../../../escaped.safetensors")]
    [InlineData("ABSOLUTE")]
    public async Task AShardNameLeavingTheMemberFolderIsRefusedBeforeAnythingIsWritten(string shard)
    {
        var dir = TestPaths.NewTempDirectory();
        if (shard == "ABSOLUTE") shard = Path.Combine(dir, "escaped.safetensors");
        using var hub = new LoopbackHub();
        var index = JsonSerializer.Serialize(new { weight_map = new Dictionary<string, string> { ["a"] = "model-00001-of-00002.safetensors", ["b"] = shard } });
        hub.Serve("/org/toy-a/resolve/main/model.safetensors.index.json", Encoding.UTF8.GetBytes(index));
        hub.Serve("/org/toy-a/resolve/main/model-00001-of-00002.safetensors", Bytes(100, 1));
        var console = new CapturingConsole();

        var code = await CliHost.RunAsync(["models", "fetch", "toy", "--dir", Path.Combine(dir, "m"), "--endpoint", hub.Endpoint,
            "--lock", ToyLock.Unpinned(dir), "--allow-unpinned"], console);

        Assert.Equal(ExitCodes.InvalidInput, code);
        var error = Assert.Single(console.Errors);
        Assert.Contains("model.safetensors.index.json: weight_map.b: file name", error);
        Assert.Contains("is refused", error);
        Assert.Empty(Directory.EnumerateFiles(dir, "escaped*", SearchOption.AllDirectories));
        Assert.Equal(["/org/toy-a/resolve/main/model.safetensors.index.json"], hub.Requests);
        var member = Path.Combine(dir, "m");      // the downloader removes a folder it created for a file that failed
        Assert.False(Directory.Exists(member) && Directory.EnumerateFiles(member, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task ALockPathLeavingTheMemberFolderIsRefusedBeforeAnyRequest()
    {
        var dir = TestPaths.NewTempDirectory();
        using var hub = new LoopbackHub();
        var lockFile = ToyLock.Pinned(dir, ("../../escaped.bin", Bytes(10, 2)));
        var console = new CapturingConsole();

        var code = await CliHost.RunAsync(["models", "fetch", "toy", "--dir", Path.Combine(dir, "m"), "--endpoint", hub.Endpoint, "--lock", lockFile], console);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(console.Errors, e => e.Contains(lockFile) && e.Contains("families.toy.members.a.files[0].path") && e.Contains("'..' segment"));
        Assert.Empty(hub.Requests);
        Assert.False(Directory.Exists(Path.Combine(dir, "m")));
    }
}
