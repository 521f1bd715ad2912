using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Report;

/// <summary>
/// What the report shows of one cell, read from its <c>summary.json</c>: who ran what, the accuracy with its 95% Wilson
/// interval, the maj@k and best-of-k curves when the cell has them, and where its results store is (<see cref="StoreDirectory"/>,
/// the nearest folder at or above the summary holding <c>results.sqlite</c>; null when there is none).
/// </summary>
public sealed record CellSummary(
    string Cell,
    string Model,
    string? Family,
    double? TrainingFlops,
    string Benchmark,
    string Stack,
    int N,
    int ItemsPlanned,
    bool Complete,
    int Correct,
    double Accuracy,
    double[] Ci95,
    double FlexibleAccuracy,
    double InvalidRate,
    IReadOnlyList<double>? MajAtK,
    IReadOnlyList<double>? BestOfK,
    double InferenceFlopsPerItem,
    double OneTimeFlops,
    string SummaryFile,
    string? StoreDirectory)
{
    /// <summary>The key that matches a cell across two nights: model, benchmark and stack (the cell id also hashes the weights).</summary>
    public (string Model, string Benchmark, string Stack) Key => (Model, Benchmark, Stack);

    /// <summary>Every run summary under <paramref name="directory"/> (recursively); other JSON files named summary.json are passed over.</summary>
    public static IReadOnlyList<CellSummary> ReadAll(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"results directory not found: {directory}");
        var cells = new List<CellSummary>();
        foreach (var file in Directory.EnumerateFiles(directory, "summary.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file));
                if (Read(doc.RootElement, file, Path.GetFullPath(directory)) is { } cell) cells.Add(cell);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InputException($"{file}: not a valid run summary ({ex.Message})", ex);
            }
        }
        return cells;
    }

    private static CellSummary? Read(JsonElement root, string file, string resultsRoot)
    {
        if (!root.TryGetProperty("stack", out var stack) || !root.TryGetProperty("cell", out var cell)) return null;
        var model = root.GetProperty("model");
        var strict = root.GetProperty("strict");
        var flops = root.GetProperty("flops");
        return new CellSummary(
            cell.GetString()!,
            model.GetProperty("name").GetString()!,
            model.TryGetProperty("family", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null,
            model.TryGetProperty("training_flops", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : null,
            root.GetProperty("benchmark").GetProperty("name").GetString()!,
            stack.GetProperty("id").GetString()!,
            root.GetProperty("n").GetInt32(),
            root.GetProperty("items_planned").GetInt32(),
            root.GetProperty("complete").GetBoolean(),
            strict.GetProperty("correct").GetInt32(),
            root.GetProperty("accuracy").GetDouble(),
            root.GetProperty("accuracy_ci95").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
            root.GetProperty("flexible").GetProperty("accuracy").GetDouble(),
            strict.GetProperty("invalid_rate").GetDouble(),
            Curve(root, "maj_at_k"),
            Curve(root, "best_of_k"),
            flops.GetProperty("inference_per_item").GetDouble(),
            flops.GetProperty("one_time").GetDouble(),
            file,
            StoreAbove(Path.GetDirectoryName(Path.GetFullPath(file))!, resultsRoot));
    }

    private static IReadOnlyList<double>? Curve(JsonElement root, string name) =>
        root.TryGetProperty(name, out var curve) && curve.ValueKind == JsonValueKind.Array
            ? curve.EnumerateArray().Select(v => v.GetDouble()).ToList()
            : null;

    /// <summary>The nearest folder from the summary's up to the results root that holds a store (a sweep keeps one at its root).</summary>
    private static string? StoreAbove(string directory, string root)
    {
        for (var d = directory; d is not null && d.StartsWith(root, StringComparison.Ordinal); d = Path.GetDirectoryName(d))
            if (File.Exists(Path.Combine(d, Store.ResultsStore.FileName))) return d;
        return null;
    }
}
