using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using Microsoft.Extensions.Logging;

namespace ExperimentHarness.Tests.Runner;

/// <summary><c>--verbose</c> turns on debug diagnostics through ILogger; user output (stdout) stays what it was.</summary>
public class VerboseLoggingTests
{
    private static string Config(string dir)
    {
        var path = Path.Combine(dir, "v.yaml");
        File.WriteAllText(path, $"model: {{path: {TinyCheckpoints.Llama}}}\n" +
            "benchmark: {name: arith, limit: 2, options: {train_size: 10, test_size: 4}}\nstack: [fewshot(k=2)]\n" +
            "generation: {max_new_tokens: 4}\nbatch_size: 2\noutput: {dir: out}\n");
        return path;
    }

    private static async Task<(CapturingConsole Console, CapturingLoggerProvider Log)> Run(string config, params string[] extra)
    {
        var console = new CapturingConsole();
        var log = new CapturingLoggerProvider();
        var code = await CliHost.RunAsync(["run", "--config", config, .. extra], console, builder => builder.Logging.AddProvider(log));
        Assert.True(code == ExitCodes.Success, string.Join("\n", console.Errors));
        return (console, log);
    }

    [Fact]
    public async Task VerboseLogsWhatWasLoadedBatchSizesAndCellTimingsWhileStdoutKeepsItsLines()
    {
        var dir = TestPaths.NewTempDirectory();
        var (quietConsole, quietLog) = await Run(Config(dir), "--out", Path.Combine(dir, "quiet"));
        var (verboseConsole, verboseLog) = await Run(Config(dir), "--out", Path.Combine(dir, "verbose"), "--verbose");

        Assert.DoesNotContain(quietLog.Entries, e => e.Level < LogLevel.Warning);
        var debug = verboseLog.Entries.Where(e => e.Level == LogLevel.Debug).Select(e => e.Message).ToList();
        Assert.Contains(debug, m => m.Contains("benchmark arith read") && m.Contains("batch_size 2") && m.Contains("batch_rows 32"));
        Assert.Contains(debug, m => m.StartsWith("loaded ", StringComparison.Ordinal) && m.Contains("(llama, ") && m.Contains("cpu/float32"));
        Assert.Contains(debug, m => m.Contains("rows together (batch_rows"));
        Assert.Contains(debug, m => m.StartsWith("cell ", StringComparison.Ordinal) && m.Contains("2 item(s) in") && m.Contains("0 of 2 stored before this run"));
        // Stdout: the same lines in both runs, apart from the output folder and the measured rates; no log line among them.
        static IEnumerable<string> Shape(IEnumerable<string> lines) =>
            lines.Select(l => l.Split(' ')[0]);
        Assert.Equal(Shape(quietConsole.Lines), Shape(verboseConsole.Lines));
        Assert.DoesNotContain(verboseConsole.Lines, l => debug.Any(d => l.Contains(d, StringComparison.Ordinal)));
    }
}
