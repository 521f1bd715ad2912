using System.Text.Json;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Scoring;

public class ScoreCommandTests
{
    private static string Write(string dir, params string[] lines)
    {
        var path = Path.Combine(dir, "completions.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task ScoresStrictAndFlexibleAndWritesBothFiles()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = Write(dir,
            """{"id": "a", "question": "q1", "completion": "3 + 4 = 7. The answer is 7.", "gold": "7"}""",
            """{"question": "q2", "completion": "I think it is 1,200", "gold": "1200"}""",
            """{"question": "q3", "completion": "The answer is 5.", "gold": "6"}""",
            "");
        var console = new CapturingConsole();
        Assert.Equal(0, await CliHost.RunAsync(["score", "--task", "gsm8k", "--completions", file, "--out", Path.Combine(dir, "out")], console));

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "summary.json")));
        var root = summary.RootElement;
        Assert.Equal(3, root.GetProperty("n").GetInt32());
        Assert.Equal(1.0 / 3, root.GetProperty("accuracy").GetDouble(), 10);
        Assert.Equal(2.0 / 3, root.GetProperty("flexible").GetProperty("accuracy").GetDouble(), 10);
        Assert.Equal(1.0 / 3, root.GetProperty("strict").GetProperty("invalid_rate").GetDouble(), 10);
        var scored = File.ReadAllLines(Path.Combine(dir, "out", "scored.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, scored.Count);
        Assert.Equal("a", scored[0].GetProperty("id").GetString());
        Assert.Equal("7", scored[0].GetProperty("extracted").GetProperty("strict").GetString());
        Assert.Equal(JsonValueKind.Null, scored[1].GetProperty("extracted").GetProperty("strict").ValueKind);
        Assert.True(scored[1].GetProperty("correct").GetProperty("flexible").GetBoolean());
        Assert.False(scored[2].GetProperty("correct").GetProperty("strict").GetBoolean());
    }

    [Fact]
    public async Task BadLinesStopWithFileLineAndFieldUnlessSkipped()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = Write(dir,
            """{"question": "q1", "completion": "The answer is 7.", "gold": "7"}""",
            """{"question": "q2", "gold": "3"}""",
            """not json""",
            """{"question": "q4", "completion": "The answer is 2.", "gold": "two"}""");
        var console = new CapturingConsole();
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["score", "--task", "gsm8k", "--completions", file, "--out", Path.Combine(dir, "out")], console));
        Assert.Contains(console.Errors, e => e.Contains("completions.jsonl:2") && e.Contains("'completion'"));
        Assert.False(File.Exists(Path.Combine(dir, "out", "summary.json")));

        Assert.Equal(0, await CliHost.RunAsync(["score", "--task", "gsm8k", "--completions", file, "--out", Path.Combine(dir, "out"), "--skip-bad"], console));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "summary.json")));
        Assert.Equal(1, summary.RootElement.GetProperty("n").GetInt32());
        Assert.Equal(3, summary.RootElement.GetProperty("skipped_bad").GetInt32());
        Assert.Contains(summary.RootElement.GetProperty("bad_lines").EnumerateArray(), l => l.GetString()!.Contains(":4: field 'gold'"));
    }

    [Fact]
    public async Task UnknownTaskIsAnInputError()
    {
        var dir = TestPaths.NewTempDirectory();
        var console = new CapturingConsole();
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["score", "--task", "chess", "--completions", Write(dir, "{}"), "--out", dir], console));
        Assert.Contains(console.Errors, e => e.Contains("unknown task 'chess'"));
    }
}
