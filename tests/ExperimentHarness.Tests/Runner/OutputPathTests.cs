using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

/// <summary>Output paths that cannot be directories, and models that fail to load, stop before anything is written.</summary>
public class OutputPathTests
{
    private static string Config(string dir, string modelPath)
    {
        var path = Path.Combine(dir, "c.yaml");
        File.WriteAllText(path, $"model: {{path: {modelPath}}}\nbenchmark: {{name: arith, options: {{test_size: 4, train_size: 4}}}}\ngeneration: {{max_new_tokens: 4}}\n");
        return path;
    }

    private static string ExistingFile(string dir)
    {
        var file = Path.Combine(dir, "taken.txt");
        File.WriteAllText(file, "keep me");
        return file;
    }

    private static async Task AssertRefused(string[] args, string file)
    {
        var console = new CapturingConsole();
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(args, console));
        var error = Assert.Single(console.Errors);
        Assert.Contains("--out", error);
        Assert.Contains(file, error);
        Assert.DoesNotContain("   at ", error);
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Fact]
    public async Task RunOutNamingAFileIsRefused()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = ExistingFile(dir);
        await AssertRefused(["run", "--config", Config(dir, TinyCheckpoints.Llama), "--out", file], file);
        await AssertRefused(["run", "--config", Config(dir, TinyCheckpoints.Llama), "--out", Path.Combine(file, "below")], file);
    }

    [Fact]
    public async Task ScoreAndFitOutNamingAFileAreRefused()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = ExistingFile(dir);
        var completions = Path.Combine(dir, "c.jsonl");
        File.WriteAllText(completions, """{"question": "q", "completion": "The answer is 1.", "gold": "1"}""" + "\n");
        await AssertRefused(["score", "--task", "gsm8k", "--completions", completions, "--out", file], file);
        var csv = Path.Combine(dir, "p.csv");
        File.WriteAllLines(csv, ["family,model,training_flops,benchmark,stack,accuracy", "t,s,1e18,arith,none,0.2"]);
        await AssertRefused(["fit", "--points", csv, "--out", file], file);
    }

    [Fact]
    public async Task ModelsInitOutNamingAFileIsRefusedAndLeavesNoStaging()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = ExistingFile(dir);
        await AssertRefused(["models", "init", "--arch", "llama", "--preset", "tiny", "--out", file], file);
        Assert.Equal([file], Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public async Task AFailingModelLoadLeavesNoResultsStore()
    {
        var dir = TestPaths.NewTempDirectory();
        var broken = Path.Combine(dir, "broken");
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, "config.json"), """{"model_type": "mamba"}""");
        var output = Path.Combine(dir, "out");
        var console = new CapturingConsole();
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["run", "--config", Config(dir, broken), "--out", output], console));
        Assert.Contains("model_type 'mamba'", Assert.Single(console.Errors));
        Assert.False(File.Exists(Path.Combine(output, "results.sqlite")));
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any());
    }
}
