using System.Text.Json;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Fitter;

/// <summary>fit refuses inputs that would give an empty or crashing report: one line, exit 3, nothing written.</summary>
public class FitInputTests
{
    private static void Summary(string runs, string name, object model)
    {
        var run = Path.Combine(runs, name);
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "summary.json"), JsonSerializer.Serialize(new
        {
            model,
            benchmark = new { name = "arith" },
            stack = new { id = "none", hash = "h" },
            n = 2,
            accuracy = 0.5,
            flops = new { inference_total = 1e12, inference_per_item = 1e10, one_time = 0.0 },
            item_correct = new Dictionary<string, bool> { ["test-0"] = true, ["test-1"] = false },
        }));
    }

    private static async Task<(int Code, CapturingConsole Console, string Out)> Fit(string dir, params string[] input)
    {
        var console = new CapturingConsole();
        var output = Path.Combine(dir, "fit");
        var code = await CliHost.RunAsync(["fit", .. input, "--out", output, "--replicates", "0"], console);
        return (code, console, output);
    }

    [Fact]
    public async Task SummariesWithoutFamilyOrFlopsNameWhatIsMissing()
    {
        var dir = TestPaths.NewTempDirectory();
        var runs = Path.Combine(dir, "runs");
        Summary(runs, "a", new { name = "a", family = (string?)null, training_flops = 1e18 });
        Summary(runs, "b", new { name = "b", family = "toy" });
        var (code, console, output) = await Fit(dir, "--results", runs);
        Assert.Equal(ExitCodes.InvalidInput, code);
        var error = Assert.Single(console.Errors);
        Assert.Contains(Path.Combine(runs, "a", "summary.json") + ": model.family is missing", error);
        Assert.Contains(Path.Combine(runs, "b", "summary.json") + ": model.training_flops is missing", error);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task ADirectoryWithoutSummariesIsAnError()
    {
        var dir = TestPaths.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "runs"));
        var (code, console, output) = await Fit(dir, "--results", Path.Combine(dir, "runs"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("no run summaries", Assert.Single(console.Errors));
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("NaN%")]
    public async Task NonFiniteAccuracyInPointsCsvIsAnInputError(string accuracy)
    {
        var dir = TestPaths.NewTempDirectory();
        var csv = Path.Combine(dir, "points.csv");
        File.WriteAllLines(csv, ["family,model,training_flops,benchmark,stack,accuracy", "toy,s,1e18,arith,none,0.2", $"toy,m,1e19,arith,none,{accuracy}"]);
        var (code, console, output) = await Fit(dir, "--points", csv);
        Assert.Equal(ExitCodes.InvalidInput, code);
        var error = Assert.Single(console.Errors);
        Assert.Contains($"{csv}:3: column 'accuracy'", error);
        Assert.DoesNotContain("   at ", error);
        Assert.False(Directory.Exists(output));
    }
}
