using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using static ExperimentHarness.Tests.Models.Hub.ToyLock;

namespace ExperimentHarness.Tests.Models.Hub;

public class ModelsFetchTests
{
    private static Task<int> Run(CapturingConsole console, params string[] args) => CliHost.RunAsync(["models", .. args], console);

    [Fact]
    public async Task FetchInstallsVerifiedFilesAndVerifyDetectsChanges()
    {
        var dir = TestPaths.NewTempDirectory();
        var (config, weights) = (Bytes(300, 1), Bytes(200_000, 2));
        using var hub = new LoopbackHub();
        hub.Serve("/org/toy-a/resolve/0123abcd/config.json", config);
        hub.Serve("/org/toy-a/resolve/0123abcd/model.safetensors", weights);
        var lockFile = ToyLock.Pinned(dir, ("config.json", config), ("model.safetensors", weights));
        var console = new CapturingConsole();

        Assert.Equal(0, await Run(console, "fetch", "toy", "--dir", Path.Combine(dir, "m"), "--endpoint", hub.Endpoint, "--lock", lockFile));
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(dir, "m", "toy", "a", "model.safetensors")));
        Assert.Equal(0, await Run(console, "verify", "toy", "--dir", Path.Combine(dir, "m"), "--lock", lockFile));

        var installed = Path.Combine(dir, "m", "toy", "a", "config.json");
        var changed = File.ReadAllBytes(installed);
        changed[0] ^= 0xFF;
        File.WriteAllBytes(installed, changed);
        Assert.Equal(ExitCodes.VerificationFailed, await Run(console, "verify", "toy", "--dir", Path.Combine(dir, "m"), "--lock", lockFile));
        Assert.Contains(console.Lines, l => l.StartsWith("BAD      toy/a/config.json: sha256", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CorruptedDownloadIsRejectedAndNothingIsInstalled()
    {
        var dir = TestPaths.NewTempDirectory();
        var weights = Bytes(50_000, 3);
        using var hub = new LoopbackHub();
        var served = (byte[])weights.Clone();
        served[1234] ^= 1;
        hub.Serve("/org/toy-a/resolve/0123abcd/model.safetensors", served);
        var console = new CapturingConsole();
        var code = await Run(console, "fetch", "toy", "--dir", Path.Combine(dir, "m"), "--endpoint", hub.Endpoint, "--lock", ToyLock.Pinned(dir, ("model.safetensors", weights)));
        Assert.Equal(ExitCodes.VerificationFailed, code);
        Assert.Contains(console.Errors, e => e.Contains("model.safetensors") && e.Contains(Sha(weights)) && e.Contains("nothing was installed"));
        var member = Path.Combine(dir, "m", "toy", "a");
        Assert.False(File.Exists(Path.Combine(member, "model.safetensors")));
        Assert.False(File.Exists(Path.Combine(member, "model.safetensors.part")));
    }

    [Fact]
    public async Task DroppedConnectionResumesWithARangeRequest()
    {
        var dir = TestPaths.NewTempDirectory();
        var weights = Bytes(400_000, 4);
        using var hub = new LoopbackHub();
        hub.Serve("/org/toy-a/resolve/0123abcd/model.safetensors", weights, dropFirstTransfer: true);
        var console = new CapturingConsole();
        Assert.Equal(0, await Run(console, "fetch", "toy", "--dir", Path.Combine(dir, "m"), "--endpoint", hub.Endpoint, "--lock", ToyLock.Pinned(dir, ("model.safetensors", weights))));
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(dir, "m", "toy", "a", "model.safetensors")));
        var range = Assert.Single(hub.RangeHeaders);
        Assert.StartsWith("bytes=", range);
        Assert.NotEqual("bytes=0-", range);
        Assert.Contains(console.Errors, e => e.Contains("resuming"));
    }

    [Fact]
    public async Task UnpinnedMembersAreRefusedWithTheReasonAndLockProblemsAreNamed()
    {
        var console = new CapturingConsole();
        var dir = TestPaths.NewTempDirectory();
        Assert.Equal(ExitCodes.InvalidInput, await Run(console, "fetch", "pythia", "--members", "70m", "--dir", dir,
            "--lock", Path.Combine(TestPaths.RepoRoot, "models.lock.json"), "--endpoint", "http://127.0.0.1:9"));
        Assert.Contains(console.Errors, e => e.Contains("not pinned") && e.Contains("--allow-unpinned"));
        Assert.Equal(ExitCodes.InvalidInput, await Run(console, "fetch", "pythia", "--members", "99b", "--dir", dir));
        Assert.Contains(console.Errors, e => e.Contains("no member(s) 99b"));

        var bad = Path.Combine(dir, "bad.lock.json");
        File.WriteAllText(bad, File.ReadAllText(ToyLock.Pinned(dir, ("x", [1]))).Replace("\"license\"", "\"licence\""));
        Assert.Equal(ExitCodes.InvalidInput, await Run(console, "list", "--lock", bad));
        Assert.Contains(console.Errors, e => e.Contains("unknown field 'families.toy.members.a.licence'"));
    }

    [Fact]
    public void TheShippedLockIsValidAndConsistentWithSixND()
    {
        var lockData = ExperimentHarness.Models.Hub.ModelLockReader.Read(Path.Combine(TestPaths.RepoRoot, "models.lock.json"));
        bool Local(ExperimentHarness.Models.Hub.LockedFamily f) => f.Members.All(m => m.Repo.StartsWith(ExperimentHarness.Models.Hub.LocalFamily.RepoPrefix, StringComparison.Ordinal));
        Assert.Equal(["pythia", "qwen2.5", "smollm2"], lockData.Families.Where(f => !Local(f)).Select(f => f.Name));
        Assert.Equal(8, lockData.Family("pythia").Members.Count);
        foreach (var member in lockData.Families.Where(f => !Local(f)).SelectMany(f => f.Members))
        {
            Assert.NotNull(member.TrainingFlops);
            Assert.Equal(6 * member.ParamsTotal!.Value * member.TrainingTokens!.Value, member.TrainingFlops!.Value, 0.001 * member.TrainingFlops.Value);
            Assert.True(member.IsPinned || member.PinNullReason is not null);
        }
        // Self-trained families: pinned file by file, FLOPs measured by the ledger, which counts more than 6·N·D
        // (attention and logits) but never less.
        foreach (var member in lockData.Families.Where(Local).SelectMany(f => f.Members))
        {
            Assert.True(member.IsPinned);
            Assert.StartsWith("measured", member.TrainingFlopsSource);
            Assert.InRange(member.TrainingFlops!.Value, 6 * member.ParamsNonEmbedding!.Value * member.TrainingTokens!.Value, 6 * member.ParamsTotal!.Value * member.TrainingTokens.Value * 3);
        }
    }
}
