using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Fitter;

/// <summary>
/// Collects points from the runner's <c>summary.json</c> files under a directory (recursively). Summaries
/// without a family or training FLOPs cannot be placed on a scaling curve and are listed as skipped; when none
/// remains, the error names the summaries and what each lacks. The chance
/// rate is the run's <c>benchmark.chance</c> (derived from the items' answer format, <c>benchmark.answer_format</c>);
/// a summary written before those fields existed falls back to the benchmark name (<see cref="ChanceRates.ForKnownTask"/>).
/// </summary>
public static class ResultsReader
{
    public static (IReadOnlyList<ScalingPoint> Points, IReadOnlyList<string> Skipped) Read(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"results directory not found: {directory}");
        var points = new List<ScalingPoint>();
        var skipped = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "summary.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file));
                var root = doc.RootElement;
                if (!root.TryGetProperty("stack", out var stack) || !root.TryGetProperty("item_correct", out var items))
                    continue;     // not a run summary (e.g. a score summary)
                var model = root.GetProperty("model");
                var family = model.TryGetProperty("family", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
                var flops = model.TryGetProperty("training_flops", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : (double?)null;
                if (family is null || flops is null)
                {
                    var missing = family is null && flops is null ? "model.family and model.training_flops are" : family is null ? "model.family is" : "model.training_flops is";
                    skipped.Add($"{file}: {missing} missing (set them in the run config)");
                    continue;
                }
                if (flops <= 0) throw new InputException($"{file}: model.training_flops is {flops}, expected a number > 0");
                var flopsSection = root.GetProperty("flops");
                var benchmark = root.GetProperty("benchmark");
                var name = benchmark.GetProperty("name").GetString()!;
                points.Add(new ScalingPoint(family, model.GetProperty("name").GetString()!, flops.Value,
                    name, stack.GetProperty("id").GetString()!,
                    root.GetProperty("accuracy").GetDouble(), root.GetProperty("n").GetInt32(),
                    items.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetBoolean()),
                    flopsSection.GetProperty("one_time").GetDouble(), flopsSection.GetProperty("inference_per_item").GetDouble(),
                    Chance(benchmark, name, file), Elements(stack)));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InputException($"{file}: not a valid run summary ({ex.Message})", ex);
            }
        }
        if (points.Count == 0) throw NothingToFit(directory, skipped);
        return (points, skipped);
    }

    /// <summary>The stack's elements as the run stored them (<c>stack.elements</c>); null for a summary without them.</summary>
    private static IReadOnlyList<string>? Elements(JsonElement stack) =>
        stack.TryGetProperty("elements", out var elements) && elements.ValueKind == JsonValueKind.Array
            ? elements.EnumerateArray().Select(e => e.GetString() ?? throw new InvalidOperationException("stack.elements holds a non-string")).ToList()
            : null;

    /// <summary>One line saying why no point remains: no run summaries at all, or which summaries lack what.</summary>
    private static InputException NothingToFit(string directory, IReadOnlyList<string> skipped)
    {
        if (skipped.Count == 0)
            return new InputException($"{directory}: no run summaries found (summary.json files written by 'run'), so there is nothing to fit");
        const int shown = 3;
        var list = string.Join("; ", skipped.Take(shown)) + (skipped.Count > shown ? $"; and {skipped.Count - shown} more" : "");
        return new InputException($"{directory}: none of the {skipped.Count} run summaries can be placed on a scaling curve: {list}");
    }

    private static ChanceRate Chance(JsonElement benchmark, string name, string file)
    {
        if (benchmark.TryGetProperty("chance", out var c) && c.ValueKind == JsonValueKind.Number
            && benchmark.TryGetProperty("answer_format", out var f) && f.ValueKind == JsonValueKind.String)
        {
            var chance = c.GetDouble();
            if (chance is < 0 or >= 1) throw new InputException($"{file}: benchmark.chance {chance} is outside [0, 1)");
            return new ChanceRate(chance, $"run summary: {f.GetString()} answers, chance over the cell's items");
        }
        return ChanceRates.ForKnownTask(name)
            ?? throw new InputException($"{file}: benchmark '{name}' has no benchmark.answer_format/chance (a summary from before they were recorded) " +
                "and is not a task this harness scores; re-run its config (finished items resume from the store) to rewrite the summary");
    }
}
