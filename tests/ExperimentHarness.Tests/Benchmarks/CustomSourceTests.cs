using ExperimentHarness.Benchmarks;
using ExperimentHarness.Scoring;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using Parquet.Serialization;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Benchmarks;

public class CustomSourceTests
{
    public sealed class Row
    {
        public string Prompt { get; set; } = "";
        public string Target { get; set; } = "";
        public string Key { get; set; } = "";
    }

    [Fact]
    public void JsonLinesWithFieldMappingAndAnswerMarker()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = Path.Combine(dir, "mine.jsonl");
        File.WriteAllLines(file, [
            """{"uid": "u1", "q": "What is 2+2?", "sol": "2+2=4\n#### 4", "opts": ["3", "4"]}""",
            """{"uid": "u2", "q": "What is 3+3?", "sol": "3+3=6\n#### 6", "opts": ["6", "7"]}""",
        ]);
        var options = new Dictionary<string, string>
        {
            ["task"] = "gsm8k", ["question_field"] = "q", ["answer_field"] = "sol", ["answer_after"] = "####", ["id_field"] = "uid", ["choices_field"] = "opts",
        };
        var items = TaskRegistry.Source("custom").Load(new("custom", file, options)).Test;
        Assert.Equal(["u1", "u2"], items.Select(i => i.Id));
        Assert.Equal("4", items[0].Gold);
        Assert.Equal("2+2=4\n#### 4", items[0].Solution);
        Assert.Equal("What is 2+2? Answer Choices: (A) 3 (B) 4", items[0].Posed);
    }

    [Fact]
    public async Task ParquetRowsAreRead()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = Path.Combine(dir, "data.parquet");
        await ParquetSerializer.SerializeAsync(new[] { new Row { Prompt = "Is fire hot?", Target = "yes", Key = "a" }, new Row { Prompt = "Is ice hot?", Target = "no", Key = "b" } }, file);
        var options = new Dictionary<string, string> { ["task"] = "strategyqa", ["question_field"] = "Prompt", ["answer_field"] = "Target", ["id_field"] = "Key" };
        var items = TaskRegistry.Source("custom").Load(new("custom", file, options)).Test;
        Assert.Equal(2, items.Count);
        Assert.Equal(("b", "Is ice hot?", "no"), (items[1].Id, items[1].Question, items[1].Gold));
    }

    [Fact]
    public void MappingErrorsNameFileRecordAndField()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = Path.Combine(dir, "mine.jsonl");
        File.WriteAllLines(file, ["""{"question": "q", "answer": "1"}""", """{"question": "q2"}"""]);
        var ex = Assert.Throws<InputException>(() => TaskRegistry.Source("custom").Load(new("custom", file, new Dictionary<string, string> { ["task"] = "gsm8k" })));
        Assert.Contains("mine.jsonl:2", ex.Message);
        Assert.Contains("'answer'", ex.Message);
        Assert.Contains("'task' is required", Assert.Throws<InputException>(() => TaskRegistry.Source("custom").Load(new("custom", file, new Dictionary<string, string>()))).Message);
        Assert.Contains("unknown option", Assert.Throws<InputException>(() => TaskRegistry.Source("custom").Load(new("custom", file, new Dictionary<string, string> { ["task"] = "gsm8k", ["qestion_field"] = "x" }))).Message);
    }
}
