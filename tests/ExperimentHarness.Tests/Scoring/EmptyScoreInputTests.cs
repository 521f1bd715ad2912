using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Scoring;

/// <summary>Nothing to score is an error (exit 3, nothing written), not a report of n = 0 with accuracy 0.</summary>
public class EmptyScoreInputTests
{
    [Theory]
    [InlineData("")]
    [InlineData("\n\n   \n")]
    public async Task EmptyOrBlankFileIsAnInputError(string content)
    {
        var dir = TestPaths.NewTempDirectory();
        var file = Path.Combine(dir, "completions.jsonl");
        File.WriteAllText(file, content);
        var console = new CapturingConsole();
        var output = Path.Combine(dir, "out");
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["score", "--task", "gsm8k", "--completions", file, "--out", output], console));
        Assert.Contains(file, Assert.Single(console.Errors));
        Assert.Empty(console.Lines);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task EveryLineSkippedIsAnInputError()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = Path.Combine(dir, "completions.jsonl");
        File.WriteAllLines(file, ["not json", """{"question": "q"}"""]);
        var console = new CapturingConsole();
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["score", "--task", "gsm8k", "--completions", file, "--out", Path.Combine(dir, "out"), "--skip-bad"], console));
        Assert.Contains("2 malformed", Assert.Single(console.Errors));
    }
}
