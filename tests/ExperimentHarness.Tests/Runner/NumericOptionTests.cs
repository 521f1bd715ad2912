using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

/// <summary>Bad whole-number options are usage errors (exit 2) naming the option and the text, never a .NET type name.</summary>
public class NumericOptionTests
{
    [Theory]
    [InlineData("bench", "--tokens", "0")]
    [InlineData("bench", "--prompts", "0")]
    [InlineData("bench", "--prompts", "-3")]
    [InlineData("bench", "--tokens", "many")]
    [InlineData("run", "--limit", "abc")]
    [InlineData("run", "--limit", "0")]
    [InlineData("fit", "--replicates", "-1")]
    [InlineData("fit", "--seed", "1.5")]
    public async Task BadValueIsAUsageErrorNamingTheOption(string verb, string option, string value)
    {
        string[] args = verb switch
        {
            "run" => ["run", "--config", "absent.yaml", option, value],
            "fit" => ["fit", "--points", "absent.csv", "--out", "absent", option, value],
            _ => [verb, option, value],
        };
        var console = new CapturingConsole();
        Assert.Equal(ExitCodes.Usage, await CliHost.RunAsync(args, console));
        var error = Assert.Single(console.Errors);
        Assert.Contains(option, error);
        Assert.Contains($"'{value}'", error);
        Assert.DoesNotContain("System.", error);
        Assert.Empty(console.Lines);
    }
}
