using System.Globalization;
using System.Text.Json;
using static ExperimentHarness.Benchmarks.JsonRecords;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Benchmarks;

/// <summary>
/// The reasoning suites in their published formats (shared/data/README.md gives each format and gold
/// convention). Multiple-choice options are carried as the item's choices (<see cref="BenchmarkItem.Posed"/> renders them).
/// </summary>
public static class CotSuites
{
    public static IBenchmarkSource MultiArith { get; } = new FileSuiteSource("multiarith", "MultiArith", "MultiArith.json", null, r =>
        new BenchmarkItem($"multiarith-{Id(r, "iIndex")}", String(r, "sQuestion").Trim(), FirstOf(r, "lSolutions")));

    public static IBenchmarkSource AddSub { get; } = new FileSuiteSource("addsub", "AddSub", "AddSub.json", null, r =>
        new BenchmarkItem($"addsub-{Id(r, "iIndex")}", String(r, "sQuestion").Trim(), FirstOf(r, "lSolutions")));

    public static IBenchmarkSource SingleEq { get; } = new FileSuiteSource("singleeq", "SingleEq", "questions.json", null, r =>
        new BenchmarkItem($"singleeq-{Id(r, "iIndex")}", String(r, "sQuestion").Trim(), FirstOf(r, "lSolutions")));

    public static IBenchmarkSource Svamp { get; } = new FileSuiteSource("svamp", "SVAMP", "SVAMP.json", null, r =>
        new BenchmarkItem(String(r, "ID"), $"{String(r, "Body").Trim()} {String(r, "Question").Trim()}", Scalar(Field(r, "Answer"), r.Where, "Answer")));

    public static IBenchmarkSource Aqua { get; } = new FileSuiteSource("aqua", "AQuA", "test.json", null, AquaItem);

    public static IBenchmarkSource CoinFlip { get; } = new FileSuiteSource("coin_flip", "coin_flip", "coin_flip.json", "examples", r =>
        new BenchmarkItem($"coin_flip-{r.Number}", String(r, "question"), String(r, "answer")));

    public static IBenchmarkSource LastLetters { get; } = new FileSuiteSource("last_letters", "last_letters", "last_letters.json", "examples", r =>
        new BenchmarkItem($"last_letters-{r.Number}", String(r, "question"), String(r, "answer")));

    public static IBenchmarkSource CommonsenseQa { get; } = new FileSuiteSource("commonsenseqa", "CommonsenseQA", "dev_rand_split.jsonl", null, CommonsenseQaItem);

    public static IBenchmarkSource StrategyQa { get; } = new FileSuiteSource("strategyqa", "StrategyQA", "task.json", "examples", StrategyQaItem);

    public static IBenchmarkSource Date { get; } = new FileSuiteSource("date", "Bigbench_Date", "task.json", "examples", DateItem);

    private static BenchmarkItem AquaItem(Record r)
    {
        var options = Field(r, "options").EnumerateArray().Select(o => o.GetString() ?? "").ToList();
        // Options are stored as "A)text": drop the letter prefix, we re-letter them in order.
        var choices = options.Select(o => o.Length > 2 && o[1] == ')' ? o[2..].Trim() : o.Trim()).ToList();
        var correct = String(r, "correct").Trim();
        var rationale = r.Value.TryGetProperty("rationale", out var rat) ? rat.GetString() : null;
        return new BenchmarkItem($"aqua-{r.Number}", String(r, "question"), correct,
            rationale is null ? null : $"{rationale.Trim()}\n#### {correct}", choices);
    }

    private static BenchmarkItem CommonsenseQaItem(Record r)
    {
        var question = Field(r, "question");
        var stem = question.TryGetProperty("stem", out var s) ? s.GetString()! : throw new InputException($"{r.Where}: missing field 'question.stem'");
        var choices = question.GetProperty("choices").EnumerateArray().OrderBy(c => c.GetProperty("label").GetString(), StringComparer.Ordinal)
            .Select(c => c.GetProperty("text").GetString()!).ToList();
        return new BenchmarkItem(String(r, "id"), stem, String(r, "answerKey"), null, choices);
    }

    private static BenchmarkItem StrategyQaItem(Record r)
    {
        var scores = Field(r, "target_scores");
        var yes = scores.TryGetProperty("Yes", out var y) && y.ValueKind == JsonValueKind.Number && y.GetDouble() == 1;
        var target = r.Value.TryGetProperty("target", out var t) ? t.GetString() : null;
        var answer = yes ? "yes" : "no";
        return new BenchmarkItem($"strategyqa-{r.Number}", String(r, "input"), answer,
            target is null ? null : $"{target.Trim()}\n#### {answer}");
    }

    /// <summary>Options are shuffled with a per-record seed before lettering (the stored order puts the answer first in 364 of 369 records).</summary>
    private static BenchmarkItem DateItem(Record r)
    {
        var options = Field(r, "target_scores").EnumerateObject().Select(p => (Date: p.Name, Correct: p.Value.GetDouble() == 1)).ToList();
        if (options.Count(o => o.Correct) != 1) throw new InputException($"{r.Where}: field 'target_scores' must mark exactly one date with 1");
        var order = new SplitMix64(0xDA7E0000UL + (ulong)r.Number).Sample(options.Count, options.Count);
        var shuffled = order.Select(i => options[i]).ToList();
        var gold = ((char)('A' + shuffled.FindIndex(o => o.Correct))).ToString(CultureInfo.InvariantCulture);
        var choices = shuffled.Select(o => o.Date).ToList();
        return new BenchmarkItem($"date-{r.Number}", String(r, "input"), gold, null, choices);
    }
}
