using System.Diagnostics;
using System.Text.Json;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ExperimentHarness.Tests.Runner;

/// <summary>
/// The real CLI on a self-made tiny checkpoint: a full run, bad input, kill -9 and SIGTERM with resume. The interrupted runs
/// stop at a chosen item (see <see cref="InterruptedCli"/>), not after a wait, so what they keep is known exactly.
/// </summary>
public class CliEndToEndTests
{
    private static string WriteConfig(string dir, int testSize, int maxNew, int batch)
    {
        var path = Path.Combine(dir, "e2e.yaml");
        File.WriteAllText(path, $"""
            model:
              path: {TinyCheckpoints.Llama}
              family: toy
              training_flops: 2.5e15
            benchmark:
              name: arith
              options: {"{"}test_size: {testSize}, train_size: 50{"}"}
            stack: [fewshot(k=2), cot]
            generation: {"{"}max_new_tokens: {maxNew}, stop: ["\n\nProblem:"]{"}"}
            batch_size: {batch}
            output: {"{dir: out}"}
            """);
        return path;
    }

    [Fact]
    public async Task RunWritesSummaryWithCostsAndProvenance()
    {
        var dir = TestPaths.NewTempDirectory();
        var console = new CapturingConsole();
        var code = await CliHost.RunAsync(["run", "--config", WriteConfig(dir, 30, 16, 4), "--limit", "6"], console);
        Assert.True(code == 0, string.Join("\n", console.Errors));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "summary.json")));
        var root = summary.RootElement;
        Assert.Equal(6, root.GetProperty("n").GetInt32());
        Assert.True(root.GetProperty("complete").GetBoolean());
        Assert.True(root.GetProperty("flops").GetProperty("inference_total").GetDouble() > 0);
        Assert.True(root.GetProperty("tokens").GetProperty("prompt").GetInt64() > 0);
        Assert.Equal(64, root.GetProperty("model").GetProperty("sha256").GetString()!.Length);
        Assert.Equal("fewshot(k=2,seed=1234)+cot", root.GetProperty("stack").GetProperty("id").GetString());
        Assert.Contains(console.Lines, l => l.StartsWith("done: n=6/6", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadConfigExitsWithInputErrorNamingTheKey()
    {
        var dir = TestPaths.NewTempDirectory();
        var config = WriteConfig(dir, 10, 8, 2);
        File.AppendAllText(config, "\ntemperature: 0.5\n");
        var console = new CapturingConsole();
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["run", "--config", config], console));
        Assert.Contains(console.Errors, e => e.Contains("key 'temperature'") && e.Contains("e2e.yaml"));
        Assert.Equal(ExitCodes.NotFound, await CliHost.RunAsync(["run", "--config", Path.Combine(dir, "absent.yaml")], console));
        Assert.Equal(ExitCodes.Usage, await CliHost.RunAsync(["run"], console));
    }

    [Fact]
    public void KillNineLosesNothingAndRerunResumesWithoutDuplicates()
    {
        var dir = TestPaths.NewTempDirectory();
        var config = WriteConfig(dir, 300, 16, 1);
        // The child sends itself SIGKILL right after its third item was stored: no flush, no summary, no chance to clean up.
        using (var child = StartInterrupted("kill", 3, config))
        {
            Assert.True(child.WaitForExit(120_000), "the child did not kill itself");
            Assert.Equal(137, child.ExitCode);                                    // 128 + SIGKILL
        }
        Assert.Equal(3, CountItems(Path.Combine(dir, "out")));                  // every stored item survived the kill
        Assert.False(File.Exists(Path.Combine(dir, "out", "summary.json")));

        // Rerun the same cell on its first 30 items with the plain CLI: the stored ones are skipped, the rest are added once.
        using var rerun = StartCli([typeof(CliHost).Assembly.Location, "run", "--config", config, "--limit", "30"]);
        var output = rerun.StandardOutput.ReadToEnd();
        Assert.True(rerun.WaitForExit(120_000));
        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains("[3/30] 0 items this run", output);
        Assert.Equal(30, CountItems(Path.Combine(dir, "out")));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "summary.json")));
        Assert.Equal(30, summary.RootElement.GetProperty("n").GetInt32());
        Assert.Equal(30, summary.RootElement.GetProperty("item_correct").EnumerateObject().Count());
    }

    [Fact]
    public void TermSignalStopsCleanlyWithAnIncompleteSummary()
    {
        // SIGTERM takes the same path as Ctrl-C (StopSignals). The child sends it to itself right after its second stored
        // item and waits for the stop handling to cancel the run, so exactly two items are done whatever the machine's speed.
        var dir = TestPaths.NewTempDirectory();
        var config = WriteConfig(dir, 300, 16, 1);
        using var child = StartInterrupted("term", 2, config);
        Assert.True(child.WaitForExit(120_000), "did not stop after SIGTERM");
        Assert.Contains("received SIGTERM", child.StandardError.ReadToEnd());
        Assert.Equal(ExitCodes.Cancelled, child.ExitCode);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "summary.json")));
        Assert.False(summary.RootElement.GetProperty("complete").GetBoolean());
        Assert.Equal(2, summary.RootElement.GetProperty("n").GetInt32());
        Assert.Equal(2, CountItems(Path.Combine(dir, "out")));
    }

    /// <summary>The CLI in a child process that interrupts itself at a chosen item (<see cref="InterruptedCli"/>).</summary>
    private static Process StartInterrupted(string how, int items, string config) =>
        StartCli([typeof(InterruptedCli).Assembly.Location, InterruptedCli.Verb, how, items.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "run", "--config", config]);

    private static Process StartCli(IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return Process.Start(info)!;
    }

    private static int CountItems(string outDir)
    {
        var db = Path.Combine(outDir, "results.sqlite");
        if (!File.Exists(db)) return 0;
        try
        {
            using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM items";
            return Convert.ToInt32(command.ExecuteScalar());
        }
        catch (SqliteException)
        {
            return 0;     // tables not created yet
        }
    }
}
