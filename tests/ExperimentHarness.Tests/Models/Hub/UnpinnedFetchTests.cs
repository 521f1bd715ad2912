using System.Text;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using static ExperimentHarness.Tests.Models.Hub.ToyLock;

namespace ExperimentHarness.Tests.Models.Hub;

public class UnpinnedFetchTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AllowUnpinnedFetchesMainIncludingShardsAndPrintsThePins(bool sharded)
    {
        var dir = TestPaths.NewTempDirectory();
        var lockFile = ToyLock.Unpinned(dir);
        using var hub = new LoopbackHub();
        var (config, tokenizer, shardA, shardB) = (Bytes(100, 7), Bytes(200, 8), Bytes(3000, 9), Bytes(4000, 10));
        hub.Serve("/org/toy-a/resolve/main/config.json", config);
        hub.Serve("/org/toy-a/resolve/main/tokenizer.json", tokenizer);
        if (sharded)
        {
            hub.Serve("/org/toy-a/resolve/main/model.safetensors.index.json",
                Encoding.UTF8.GetBytes("{\"weight_map\": {\"a\": \"model-00001-of-00002.safetensors\", \"b\": \"model-00002-of-00002.safetensors\"}}"));
            hub.Serve("/org/toy-a/resolve/main/model-00001-of-00002.safetensors", shardA);
            hub.Serve("/org/toy-a/resolve/main/model-00002-of-00002.safetensors", shardB);
        }
        else hub.Serve("/org/toy-a/resolve/main/model.safetensors", shardA);

        var console = new CapturingConsole();
        string[] args = ["models", "fetch", "toy", "--dir", Path.Combine(dir, "m"), "--endpoint", hub.Endpoint, "--lock", lockFile];
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(args, console));
        Assert.Contains(console.Errors, e => e.Contains("not pinned (offline)"));
        Assert.Equal(0, await CliHost.RunAsync([.. args, "--allow-unpinned"], console));
        var member = Path.Combine(dir, "m", "toy", "a");
        Assert.Equal(tokenizer, File.ReadAllBytes(Path.Combine(member, "tokenizer.json")));
        if (sharded)
        {
            Assert.Equal(shardB, File.ReadAllBytes(Path.Combine(member, "model-00002-of-00002.safetensors")));
            Assert.Contains(console.Lines, l => l.Contains("model-00001-of-00002.safetensors") && l.Contains($"sha256={Sha(shardA)}"));
        }
        else
            Assert.Contains(console.Lines, l => l.Contains("UNPINNED toy/a/model.safetensors") && l.Contains($"size={shardA.Length} sha256={Sha(shardA)}"));
    }
}
