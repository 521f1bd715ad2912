using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Benchmarks;

/// <summary>
/// <c>custom</c>: a user's own file (JSON Lines, JSON, or Parquet) with a field mapping given as
/// benchmark options — see Benchmarks/README.md. The scorer comes from option <c>task</c>.
/// </summary>
public sealed class CustomSource : IBenchmarkSource
{
    private static readonly string[] Known = ["format", "task", "question_field", "answer_field", "solution_field", "id_field",
        "choices_field", "list_key", "answer_after", "exemplar_pool", "pool_seed"];

    public string Name => "custom";

    public BenchmarkSplits Load(BenchmarkRequest request)
    {
        var o = request.Options;
        var problems = new List<string>();
        var unknown = o.Keys.Except(Known).ToList();
        if (unknown.Count > 0) problems.Add($"unknown option(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Known)}");
        if (!o.ContainsKey("task")) problems.Add("option 'task' is required (the scorer to use, e.g. gsm8k, aqua, coin_flip)");
        if (request.DataPath is null) problems.Add("key 'benchmark.path' is required: the data file");
        var file = request.DataPath ?? "";
        var format = o.GetValueOrDefault("format") ?? Path.GetExtension(file).TrimStart('.').ToLowerInvariant();
        if (format is not ("jsonl" or "json" or "parquet"))
            problems.Add($"format '{format}' is not jsonl, json or parquet (set option 'format')");
        if (problems.Count > 0) throw InputProblems.Of("benchmark 'custom'", problems);
        var records = format switch
        {
            "jsonl" or "json" => JsonRecords.Read(file, o.GetValueOrDefault("list_key")),
            "parquet" => ParquetRecords.Read(file),
            _ => throw new InvalidOperationException($"format '{format}' was accepted above"),
        };
        var mapping = new FieldMapping(o.GetValueOrDefault("question_field") ?? "question", o.GetValueOrDefault("answer_field") ?? "answer",
            o.GetValueOrDefault("solution_field"), o.GetValueOrDefault("id_field"), o.GetValueOrDefault("choices_field"), o.GetValueOrDefault("answer_after"));
        var items = records.Select(mapping.Map).ToList();
        var pool = o.Where(p => ExemplarPool.OptionNames.Contains(p.Key) || p.Key == "task").ToDictionary(p => p.Key, p => p.Value);
        return ExemplarPool.Split(Name, items, pool);
    }

    private sealed record FieldMapping(string Question, string Answer, string? Solution, string? Id, string? Choices, string? AnswerAfter)
    {
        public BenchmarkItem Map(JsonRecords.Record r)
        {
            var question = JsonRecords.String(r, Question);
            var answerText = JsonRecords.Scalar(JsonRecords.Field(r, Answer), r.Where, Answer);
            string? solution = Solution is null ? null : JsonRecords.String(r, Solution);
            if (AnswerAfter is not null)
            {
                // e.g. answer_after: "####" — the field holds a worked solution ending in the marker and the answer.
                var at = answerText.LastIndexOf(AnswerAfter, StringComparison.Ordinal);
                if (at < 0) throw new InputException($"{r.Where}: field '{Answer}' has no '{AnswerAfter}'");
                solution ??= answerText;
                answerText = answerText[(at + AnswerAfter.Length)..].Trim();
            }
            IReadOnlyList<string>? choices = null;
            if (Choices is not null)
            {
                var field = JsonRecords.Field(r, Choices);
                if (field.ValueKind != JsonValueKind.Array) throw new InputException($"{r.Where}: field '{Choices}' is not a list");
                choices = field.EnumerateArray().Select(c => JsonRecords.Scalar(c, r.Where, Choices)).ToList();
            }
            var id = Id is null ? $"custom-{r.Number}" : JsonRecords.Id(r, Id);
            return new BenchmarkItem(id, question, answerText, solution, choices);
        }
    }
}
