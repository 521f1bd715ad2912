using System.Text;
using ExperimentHarness.Benchmarks;
using ExperimentHarness.Foundation;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Foundation;

/// <summary>Invalid UTF-8 in user files is an error naming the file and line, never silently U+FFFD.</summary>
public class InvalidUtf8Tests
{
    /// <summary>Lines joined by '\n' with a lone 0xFF byte inside line <paramref name="badLine"/> (1-based).</summary>
    private static string WriteWithBadByte(string path, IReadOnlyList<string> lines, int badLine)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = Encoding.UTF8.GetBytes(lines[i]);
            if (i + 1 == badLine)
            {
                var at = Array.IndexOf(line, (byte)'X');
                bytes.AddRange(line[..at]);
                bytes.Add(0xFF);
                bytes.AddRange(line[(at + 1)..]);
            }
            else bytes.AddRange(line);
            bytes.Add((byte)'\n');
        }
        File.WriteAllBytes(path, [.. bytes]);
        return path;
    }

    [Fact]
    public void DecodeNamesFileAndLine()
    {
        var path = WriteWithBadByte(Path.Combine(TestPaths.NewTempDirectory(), "t.txt"), ["ok", "fine", "bad X here"], 3);
        var ex = Assert.Throws<InputException>(() => StrictUtf8.ReadAllText(path));
        Assert.Contains($"{path}:3:", ex.Message);
        Assert.Contains("UTF-8", ex.Message);
        Assert.Equal("a\nb", StrictUtf8.ReadAllText(WriteWithBadByte(Path.Combine(TestPaths.NewTempDirectory(), "ok.txt"), ["a", "b"], 0)).TrimEnd('\n'));
    }

    [Fact]
    public void Gsm8kSplitWithInvalidBytesIsRefused()
    {
        var dir = TestPaths.NewTempDirectory();
        var good = """{"question": "What is 1+1?", "answer": "1+1=2\n#### 2"}""";
        File.WriteAllText(Path.Combine(dir, "train.jsonl"), good + "\n");
        var test = WriteWithBadByte(Path.Combine(dir, "test.jsonl"), [good, """{"question": "What is X?", "answer": "#### 3"}"""], 2);
        var ex = Assert.Throws<InputException>(() => new Gsm8kSource().Load(new BenchmarkRequest("gsm8k", dir, new Dictionary<string, string>())));
        Assert.Contains($"{test}:2:", ex.Message);
    }

    [Fact]
    public void JsonRecordsWithInvalidBytesAreRefused()
    {
        var file = WriteWithBadByte(Path.Combine(TestPaths.NewTempDirectory(), "mine.jsonl"),
            ["""{"q": "a", "a": "1"}""", """{"q": "b", "a": "2"}""", """{"q": "cX", "a": "3"}"""], 3);
        var ex = Assert.Throws<InputException>(() => JsonRecords.Read(file));
        Assert.Contains($"{file}:3:", ex.Message);
    }

    [Fact]
    public async Task ScoreInputWithInvalidBytesExitsThreeAndWritesNothing()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = WriteWithBadByte(Path.Combine(dir, "completions.jsonl"), [
            """{"question": "q1", "completion": "The answer is 7.", "gold": "7"}""",
            """{"question": "q2", "completion": "The answer is X.", "gold": "8"}""",
        ], 2);
        var console = new CapturingConsole();
        var output = Path.Combine(dir, "out");
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["score", "--task", "gsm8k", "--completions", file, "--out", output], console));
        var error = Assert.Single(console.Errors);
        Assert.Contains($"{file}:2:", error);
        Assert.False(Directory.Exists(output));
    }
}
