using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Models.Hub;

public class UnpinnedFetchTests
{
    private static byte[] Bytes(int size, int seed) { var b = new byte[size]; new Random(seed).NextBytes(b); return b; }

    private static string Sha(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));

    private static string UnpinnedLock(string dir)
    {
        var path = Path.Combine(dir, "unpinned.lock.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            schema_version = 1,
            families = new Dictionary<string, object>
            {
                ["toy"] = new
                {
                    architecture = "llama",
                    description = "test",
                    members = new Dictionary<string, object>
                    {
                        ["a"] = new
                        {
                            repo = "org/toy-a", revision = (string?)null, files = (object?)null, pin_null_reason = "offline",
                            params_total = 1e6, params_nonembedding = 5e5, training_tokens = 1e9, training_tokens_note = "test",
                            training_flops = 6e15, training_flops_source = "6*N*D", license = "mit",
                        },
                    },
                },
            },
        }));
        return path;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AllowUnpinnedFetchesMainIncludingShardsAndPrintsThePins(bool sharded)
    {
        var dir = TestPaths.NewTempDirectory();
        var lockFile = UnpinnedLock(dir);
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
