using System.Globalization;
using System.Text;
using System.Text.Json;
using static ExperimentHarness.Benchmarks.JsonRecords;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Benchmarks;

/// <summary>
/// The reasoning suites in their published formats (shared/data/README.md gives each format and gold
/// convention). Multiple-choice questions are posed with the options appended as
/// "Answer Choices: (A) … (B) …", built here.
/// </summary>
public static class CotSuites
{
    public static IReadOnlyList<IBenchmarkSource> All { get; } =
    [
        new FileSuiteSource("multiarith", "MultiArith", "MultiArith.json", null, r =>
            new BenchmarkItem($"multiarith-{Id(r, "iIndex")}", String(r, "sQuestion").Trim(), FirstOf(r, "lSolutions"))),
        new FileSuiteSource("addsub", "AddSub", "AddSub.json", null, r =>
            new BenchmarkItem($"addsub-{Id(r, "iIndex")}", String(r, "sQuestion").Trim(), FirstOf(r, "lSolutions"))),
        new FileSuiteSource("singleeq", "SingleEq", "questions.json", null, r =>
            new BenchmarkItem($"singleeq-{Id(r, "iIndex")}", String(r, "sQuestion").Trim(), FirstOf(r, "lSolutions"))),
        new FileSuiteSource("svamp", "SVAMP", "SVAMP.json", null, r =>
            new BenchmarkItem(String(r, "ID"), $"{String(r, "Body").Trim()} {String(r, "Question").Trim()}",
                Scalar(Field(r, "Answer"), r.Where, "Answer"))),
        new FileSuiteSource("aqua", "AQuA", "test.json", null, Aqua),
        new FileSuiteSource("coin_flip", "coin_flip", "coin_flip.json", "examples", r =>
            new BenchmarkItem($"coin_flip-{r.Number}", String(r, "question"), String(r, "answer"))),
        new FileSuiteSource("last_letters", "last_letters", "last_letters.json", "examples", r =>
            new BenchmarkItem($"last_letters-{r.Number}", String(r, "question"), String(r, "answer"))),
        new FileSuiteSource("commonsenseqa", "CommonsenseQA", "dev_rand_split.jsonl", null, CommonsenseQa),
        new FileSuiteSource("strategyqa", "StrategyQA", "task.json", "examples", StrategyQa),
        new FileSuiteSource("date", "Bigbench_Date", "task.json", "examples", Date),
    ];

    public static string WithChoices(string question, IReadOnlyList<string> choices)
    {
        var text = new StringBuilder(question.Trim()).Append(" Answer Choices:");
        for (var i = 0; i < choices.Count; i++) text.Append($" ({(char)('A' + i)}) {choices[i]}");
        return text.ToString();
    }

    private static BenchmarkItem Aqua(Record r)
    {
        var options = Field(r, "options").EnumerateArray().Select(o => o.GetString() ?? "").ToList();
        // Options are stored as "A)text": drop the letter prefix, we re-letter them in order.
        var choices = options.Select(o => o.Length > 2 && o[1] == ')' ? o[2..].Trim() : o.Trim()).ToList();
        var correct = String(r, "correct").Trim();
        var rationale = r.Value.TryGetProperty("rationale", out var rat) ? rat.GetString() : null;
        return new BenchmarkItem($"aqua-{r.Number}", WithChoices(String(r, "question"), choices), correct,
            rationale is null ? null : $"{rationale.Trim()}\n#### {correct}", choices);
    }

    private static BenchmarkItem CommonsenseQa(Record r)
    {
        var question = Field(r, "question");
        var stem = question.TryGetProperty("stem", out var s) ? s.GetString()! : throw new InputException($"{r.Where}: missing field 'question.stem'");
        var choices = question.GetProperty("choices").EnumerateArray().OrderBy(c => c.GetProperty("label").GetString(), StringComparer.Ordinal)
            .Select(c => c.GetProperty("text").GetString()!).ToList();
        return new BenchmarkItem(String(r, "id"), WithChoices(stem, choices), String(r, "answerKey"), null, choices);
    }

    private static BenchmarkItem StrategyQa(Record r)
    {
        var scores = Field(r, "target_scores");
        var yes = scores.TryGetProperty("Yes", out var y) && y.ValueKind == JsonValueKind.Number && y.GetDouble() == 1;
        var target = r.Value.TryGetProperty("target", out var t) ? t.GetString() : null;
        var answer = yes ? "yes" : "no";
        return new BenchmarkItem($"strategyqa-{r.Number}", String(r, "input"), answer,
            target is null ? null : $"{target.Trim()}\n#### {answer}");
    }

    /// <summary>Options are shuffled with a per-record seed before lettering (the stored order puts the answer first in 364 of 369 records).</summary>
    private static BenchmarkItem Date(Record r)
    {
        var options = Field(r, "target_scores").EnumerateObject().Select(p => (Date: p.Name, Correct: p.Value.GetDouble() == 1)).ToList();
        if (options.Count(o => o.Correct) != 1) throw new InputException($"{r.Where}: field 'target_scores' must mark exactly one date with 1");
        var order = new SplitMix64(0xDA7E0000UL + (ulong)r.Number).Sample(options.Count, options.Count);
        var shuffled = order.Select(i => options[i]).ToList();
        var gold = ((char)('A' + shuffled.FindIndex(o => o.Correct))).ToString(CultureInfo.InvariantCulture);
        var choices = shuffled.Select(o => o.Date).ToList();
        return new BenchmarkItem($"date-{r.Number}", WithChoices(String(r, "input"), choices), gold, null, choices);
    }
}
