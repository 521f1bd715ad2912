using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Models.Hub;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

/// <summary>models verify and data verify say that a folder is missing, instead of listing every file as bad.</summary>
public class VerifyMissingFolderTests
{
    [Fact]
    public async Task ModelsVerifyOfAMissingRootSaysItIsMissing()
    {
        var dir = TestPaths.NewTempDirectory();
        var lockFile = ToyLock.Pinned(dir, ("model.safetensors", ToyLock.Bytes(10, 1)));
        var absent = Path.Combine(dir, "nowhere");
        var console = new CapturingConsole();
        Assert.Equal(ExitCodes.NotFound, await CliHost.RunAsync(["models", "verify", "toy", "--dir", absent, "--lock", lockFile], console));
        var error = Assert.Single(console.Errors);
        Assert.Contains(absent, error);
        Assert.Contains("not found", error);
        Assert.Empty(console.Lines);
    }

    [Fact]
    public async Task ModelsVerifyOfAMissingMemberFolderSaysSoOnce()
    {
        var dir = TestPaths.NewTempDirectory();
        var lockFile = ToyLock.Pinned(dir, ("model.safetensors", ToyLock.Bytes(10, 1)), ("config.json", ToyLock.Bytes(5, 2)));
        var root = Path.Combine(dir, "models");
        Directory.CreateDirectory(root);
        var console = new CapturingConsole();
        Assert.Equal(ExitCodes.VerificationFailed, await CliHost.RunAsync(["models", "verify", "toy", "--dir", root, "--lock", lockFile], console));
        var line = Assert.Single(console.Lines);
        Assert.StartsWith("MISSING  toy/a: folder", line);
        Assert.Contains("does not exist", line);
    }

    [Fact]
    public async Task DataVerifyOfAMissingFolderSaysItIsMissing()
    {
        var absent = Path.Combine(TestPaths.NewTempDirectory(), "nowhere");
        var console = new CapturingConsole();
        Assert.Equal(ExitCodes.NotFound, await CliHost.RunAsync(["data", "verify", "--dir", absent], console));
        var error = Assert.Single(console.Errors);
        Assert.Contains(absent, error);
        Assert.Contains("not found", error);
        Assert.Empty(console.Lines);
    }
}
