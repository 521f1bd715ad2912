using System.Text.Json;
using System.Text.Json.Nodes;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Scoring;

/// <summary>
/// Re-scores recorded completions without a model: each JSON line has <c>question</c>, <c>completion</c>
/// and <c>gold</c> (optional <c>id</c>). Bad lines (malformed JSON, a missing field, an unparseable gold)
/// stop the run with the file, line and field named, or are counted and skipped when <c>skipBad</c>. Invalid UTF-8 is
/// an error naming the line, and a file with nothing to score (empty, blank, or every line skipped) is an error, not n = 0.
/// </summary>
public sealed class RecordedCompletionScorer(ITaskScorer scorer)
{
    public sealed record Result(JsonObject Summary, IReadOnlyList<JsonObject> Scored);

    public Result Score(string file, bool skipBad)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"completions file not found: {file}", file);
        var scored = new List<JsonObject>();
        var bad = new List<string>();
        var lineNumber = 0;
        foreach (var line in StrictUtf8.ReadLines(file))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                scored.Add(ScoreLine(line, file, lineNumber));
            }
            catch (InputException ex) when (skipBad)
            {
                bad.Add(ex.Message);
            }
        }
        if (scored.Count == 0 && bad.Count == 0)
            throw new InputException($"{file}: no completions to score (the file is empty or blank; expected one JSON object per line)");
        if (scored.Count == 0)
            throw new InputException($"{file}: no line could be scored ({bad.Count} malformed line(s) skipped; the first: {bad[0]})");
        return new Result(Summarise(scored, bad), scored);
    }

    private JsonObject ScoreLine(string line, string file, int lineNumber)
    {
        JsonObject record;
        try
        {
            record = JsonNode.Parse(line) as JsonObject ?? throw new InputException($"{file}:{lineNumber}: expected a JSON object");
        }
        catch (JsonException ex)
        {
            throw new InputException($"{file}:{lineNumber}: not valid JSON ({ex.Message})", ex);
        }
        string Field(string name) => record[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s
            : record[name] is JsonValue n && n.GetValueKind() == JsonValueKind.Number ? n.ToJsonString()
            : throw new InputException($"{file}:{lineNumber}: missing field '{name}' (a string)");
        Field("question");
        var completion = Field("completion");
        var goldText = Field("gold");
        string gold;
        try { gold = scorer.NormalizeGold(goldText); }
        catch (FormatException ex) { throw new InputException($"{file}:{lineNumber}: field 'gold': {ex.Message}", ex); }

        var strict = scorer.Strict.Extract(completion);
        var flexible = scorer.Flexible.Extract(completion);
        var result = (JsonObject)record.DeepClone();
        result["extracted"] = new JsonObject { ["strict"] = strict.Value, ["flexible"] = flexible.Value };
        result["correct"] = new JsonObject { ["strict"] = scorer.IsCorrect(strict, gold), ["flexible"] = scorer.IsCorrect(flexible, gold) };
        result["line"] = lineNumber;
        return result;
    }

    private JsonObject Summarise(IReadOnlyList<JsonObject> scored, IReadOnlyList<string> bad)
    {
        JsonObject Metric(string mode)
        {
            var metric = AccuracySummary.Of(scored.Count(s => s["correct"]![mode]!.GetValue<bool>()), scored.Count(s => s["extracted"]![mode] is null), scored.Count);
            return new JsonObject
            {
                ["accuracy"] = metric.Accuracy,
                ["ci95"] = new JsonArray(metric.Ci95[0], metric.Ci95[1]),
                ["correct"] = metric.Correct,
                ["invalid_rate"] = metric.InvalidRate,
            };
        }
        var strict = Metric("strict");
        return new JsonObject
        {
            ["task"] = scorer.Task,
            ["n"] = scored.Count,
            ["accuracy"] = strict["accuracy"]!.GetValue<double>(),
            ["strict"] = strict,
            ["flexible"] = Metric("flexible"),
            ["skipped_bad"] = bad.Count,
            ["bad_lines"] = new JsonArray(bad.Select(b => (JsonNode)b).ToArray()),
        };
    }
}
