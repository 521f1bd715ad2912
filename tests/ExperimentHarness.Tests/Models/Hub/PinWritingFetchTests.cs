using System.Text;
using ExperimentHarness.Models.Hub;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using static ExperimentHarness.Tests.Models.Hub.ToyLock;

namespace ExperimentHarness.Tests.Models.Hub;

/// <summary><c>models fetch --allow-unpinned --pin</c> fetches the commit 'main' points at and writes it and every verified file into the lock.</summary>
public class PinWritingFetchTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public async Task PinWritesTheResolvedRevisionAndEveryFileKeepingOtherEntries()
    {
        var dir = TestPaths.NewTempDirectory();
        var lockFile = ToyLock.Unpinned(dir);
        var other = new LockedFamily("other", "llama", "kept as it is", [new LockedMember("x", "org/other-x", "feedbeef", [new LockedFile("config.json", 3, new string('a', 64))],
            null, 1, 1, 1, null, 1, "6*N*D", "mit")]);
        ModelLockWriter.WriteFamily(lockFile, other);
        using var hub = new LoopbackHub();
        var (config, tokenizer, weights) = (Bytes(100, 1), Bytes(200, 2), Bytes(3000, 3));
        hub.Serve("/api/models/org/toy-a/revision/main", Encoding.UTF8.GetBytes($"{{\"id\": \"org/toy-a\", \"sha\": \"{Commit}\"}}"));
        hub.Serve($"/org/toy-a/resolve/{Commit}/config.json", config);
        hub.Serve($"/org/toy-a/resolve/{Commit}/tokenizer.json", tokenizer);
        hub.Serve($"/org/toy-a/resolve/{Commit}/model.safetensors", weights);

        var console = new CapturingConsole();
        string[] args = ["models", "fetch", "toy", "--dir", Path.Combine(dir, "m"), "--endpoint", hub.Endpoint, "--lock", lockFile];
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync([.. args, "--pin"], console));
        Assert.Contains(console.Errors, e => e.Contains("--pin writes pins for members fetched with --allow-unpinned"));
        Assert.Equal(0, await CliHost.RunAsync([.. args, "--allow-unpinned", "--pin"], console));
        Assert.DoesNotContain(hub.Requests, r => r.Contains("/resolve/main/"));      // every file came from the pinned commit

        var written = ModelLockReader.Read(lockFile);
        var member = written.Family("toy").Members.Single();
        Assert.True(member.IsPinned);
        Assert.Equal(Commit, member.Revision);
        Assert.Null(member.PinNullReason);
        Assert.Equal(
            [("config.json", 100L, Sha(config)), ("model.safetensors", 3000L, Sha(weights)), ("tokenizer.json", 200L, Sha(tokenizer))],
            member.Files!.Select(f => (f.Path, f.Size, f.Sha256)).OrderBy(f => f.Path));
        Assert.Equal(6e15, member.TrainingFlops);                                        // the member's other facts are kept
        Assert.Equal("feedbeef", written.Family("other").Members.Single().Revision);   // other families too
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));

        // The lock now pins the member: a plain fetch accepts the files on disk.
        var again = new CapturingConsole();
        Assert.Equal(0, await CliHost.RunAsync(args, again));
        Assert.Equal(3, again.Lines.Count(l => l.StartsWith("present  toy/a/")));
    }

    [Fact]
    public async Task AHubThatAnswersNoCommitIsRefusedAndTheLockIsUnchanged()
    {
        var dir = TestPaths.NewTempDirectory();
        var lockFile = ToyLock.Unpinned(dir);
        var before = File.ReadAllText(lockFile);
        using var hub = new LoopbackHub();
        hub.Serve("/api/models/org/toy-a/revision/main", Encoding.UTF8.GetBytes("{\"sha\": \"main\"}"));
        var console = new CapturingConsole();
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["models", "fetch", "toy", "--dir", Path.Combine(dir, "m"), "--endpoint", hub.Endpoint,
            "--lock", lockFile, "--allow-unpinned", "--pin"], console));
        Assert.Contains(console.Errors, e => e.Contains("expected a JSON object with 'sha' (a 40-hex commit id)"));
        Assert.Equal(before, File.ReadAllText(lockFile));
    }
}
