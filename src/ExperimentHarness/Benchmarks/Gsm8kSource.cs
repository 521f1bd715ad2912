using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Benchmarks;

/// <summary>
/// GSM8K from its JSON Lines files (<c>train.jsonl</c>, <c>test.jsonl</c> in the data directory), each line
/// <c>{"question", "answer"}</c> where the answer is a worked solution ending in <c>#### N</c>.
/// Ids are <c>{split}-{line number}</c>.
/// </summary>
public sealed class Gsm8kSource : IBenchmarkSource
{
    public string Name => "gsm8k";

    public BenchmarkSplits Load(BenchmarkRequest request)
    {
        var dir = request.DataPath ?? throw new InputException("benchmark 'gsm8k' needs a data path (benchmark.path or --data): a directory with train.jsonl and test.jsonl; scripts/fetch-data downloads them");
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"gsm8k data directory not found: {dir} (run scripts/fetch-data, or set benchmark.path / --data)");
        return new BenchmarkSplits(Name, ReadSplit(Path.Combine(dir, "train.jsonl"), "train"), ReadSplit(Path.Combine(dir, "test.jsonl"), "test"));
    }

    private static IReadOnlyList<BenchmarkItem> ReadSplit(string file, string split)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"gsm8k split file not found: {file}", file);
        var items = new List<BenchmarkItem>();
        var lineNumber = 0;
        foreach (var line in StrictUtf8.ReadLines(file))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            string question, answer;
            try
            {
                using var doc = JsonDocument.Parse(line);
                question = Field(doc.RootElement, "question", file, lineNumber);
                answer = Field(doc.RootElement, "answer", file, lineNumber);
            }
            catch (JsonException ex)
            {
                throw new InputException($"{file}:{lineNumber}: not a JSON object ({ex.Message})", ex);
            }
            var marker = answer.LastIndexOf("####", StringComparison.Ordinal);
            if (marker < 0) throw new InputException($"{file}:{lineNumber}: field 'answer' has no '#### N' final answer");
            var gold = answer[(marker + 4)..].Trim().Replace(",", "");
            items.Add(new BenchmarkItem($"{split}-{lineNumber}", question.Trim(), gold, answer.Trim()));
        }
        return items;
    }

    private static string Field(JsonElement root, string name, string file, int line) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InputException($"{file}:{line}: missing string field '{name}'");
}
