using System.Text;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Models.Hub;

/// <summary>A model.safetensors.index.json that is not an index is one clear error and is not kept.</summary>
public class GarbageIndexTests
{
    [Theory]
    [InlineData("<html><body>rate limited</body></html>", "invalid JSON")]
    [InlineData("{}", "'weight_map': expected an object")]
    [InlineData("{\"weight_map\": [\"model.safetensors\"]}", "'weight_map': expected an object")]
    [InlineData("{\"weight_map\": {\"lm_head.weight\": 3}}", "'weight_map.lm_head.weight': expected a shard file name, got Number")]
    [InlineData("{\"weight_map\": {}}", "'weight_map': no shards listed")]
    public async Task AGarbageIndexIsOneLineNamingTheFileAndLeavesNothingBehind(string body, string why)
    {
        var dir = TestPaths.NewTempDirectory();
        using var hub = new LoopbackHub();
        hub.Serve("/org/toy-a/resolve/main/model.safetensors.index.json", Encoding.UTF8.GetBytes(body));
        var console = new CapturingConsole();

        var code = await CliHost.RunAsync(["models", "fetch", "toy", "--dir", Path.Combine(dir, "m"), "--endpoint", hub.Endpoint,
            "--lock", ToyLock.Unpinned(dir), "--allow-unpinned"], console);

        Assert.Equal(ExitCodes.InvalidInput, code);
        var error = Assert.Single(console.Errors);
        Assert.StartsWith("error: org/toy-a@main/model.safetensors.index.json: not a safetensors index: ", error);
        Assert.Contains(why, error);
        Assert.DoesNotContain('\n', error);
        var member = Path.Combine(dir, "m");      // the downloader removes a folder it created for a file that failed
        Assert.False(Directory.Exists(member) && Directory.EnumerateFiles(member, "*", SearchOption.AllDirectories).Any());
    }
}
