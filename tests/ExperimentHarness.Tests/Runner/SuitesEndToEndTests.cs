using ExperimentHarness.Config;
using ExperimentHarness.Runner;
using ExperimentHarness.Scoring;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

/// <summary>Every suite runs through the real pipeline on a tiny self-made checkpoint and writes a summary.</summary>
public class SuitesEndToEndTests
{
    [Theory]
    [InlineData("arith", null, "[]", "generate")]           // arith × fewshot + cot runs in CliEndToEndTests
    [InlineData("gsm8k", "gsm8k", "[fewshot(k=2), cot]", "generate")]
    [InlineData("multiarith", "cot-suites", "[]", "generate")]
    [InlineData("addsub", "cot-suites", "[]", "generate")]
    [InlineData("singleeq", "cot-suites", "[]", "generate")]
    [InlineData("svamp", "cot-suites", "[]", "generate")]
    [InlineData("aqua", "cot-suites", "[cot]", "generate")]
    [InlineData("coin_flip", "cot-suites", "[]", "generate")]
    [InlineData("last_letters", "cot-suites", "[]", "generate")]
    [InlineData("commonsenseqa", "cot-suites", "[]", "generate")]
    [InlineData("strategyqa", "cot-suites", "[]", "generate")]
    [InlineData("date", "cot-suites", "[]", "generate")]
    [InlineData("commonsenseqa", "cot-suites", "[]", "loglikelihood")]
    [InlineData("date", "cot-suites", "[]", "loglikelihood")]
    public void SuiteRunsEndToEnd(string suite, string? data, string stack, string mode)
    {
        var dir = TestPaths.NewTempDirectory();
        var path = data is null ? "" : $"path: {Path.Combine(TestPaths.SharedData, data)}, ";
        var config = Path.Combine(dir, "c.yaml");
        File.WriteAllText(config, $"model: {{path: {TinyCheckpoints.Llama}}}\n" +
            $"benchmark: {{name: {suite}, {path}limit: 3, mode: {mode}}}\nstack: {stack}\n" +
            "generation: {max_new_tokens: 4}\noutput: {dir: out}\n");
        var console = new CapturingConsole();
        var job = new RunJob(new TorchModelLoader(console), new SuiteBenchmarkLoader(), console);
        var summary = job.ExecuteAll(config, new RunOverrides(null, null, null, null), CancellationToken.None).Single();
        Assert.True(summary.Complete);
        Assert.Equal(3, summary.N);
        Assert.Equal(suite, summary.Benchmark.Name);
        Assert.Equal(mode, summary.Mode.Name());
        Assert.True(summary.Flops.InferenceTotal > 0);
        Assert.True(File.Exists(Path.Combine(dir, "out", "summary.json")));
        // The chance floor the fitter will use comes from the task's answers (date: 5 or 6 options per record).
        var (kind, low, high) = suite switch
        {
            "aqua" or "commonsenseqa" => (AnswerKind.MultipleChoice, 0.2, 0.2),
            "date" => (AnswerKind.MultipleChoice, 1 / 6.0, 0.2),
            "coin_flip" or "strategyqa" => (AnswerKind.YesNo, 0.5, 0.5),
            "last_letters" => (AnswerKind.FreeText, 0.0, 0.0),
            _ => (AnswerKind.Numeric, 0.0, 0.0),
        };
        Assert.Equal(kind, summary.Benchmark.AnswerFormat);
        Assert.InRange(summary.Benchmark.Chance!.Value, low - 1e-12, high + 1e-12);
        var written = File.ReadAllText(Path.Combine(dir, "out", "summary.json"));
        Assert.Contains($"\"answer_format\": {System.Text.Json.JsonSerializer.Serialize(kind)}", written);
        Assert.Contains($"\"chance\": {summary.Benchmark.Chance.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}", written);
    }
}
