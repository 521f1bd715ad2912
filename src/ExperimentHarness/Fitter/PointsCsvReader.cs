using System.Globalization;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Fitter;

/// <summary>
/// Reads hand-collected or published points: a CSV with header
/// <c>family,model,training_flops,benchmark,stack,accuracy</c> and optional <c>n</c>, <c>one_time_flops</c>,
/// <c>inference_flops_per_item</c>, <c>answer_format</c>. <c>stack</c> names the stack's elements joined by '+' (<c>none</c>:
/// the baseline), as run summaries spell stack ids; this is where that text becomes the list of elements. Accuracy is a fraction in [0, 1] or a percentage written
/// with a % sign ("42%"); a bare number above 1 is ambiguous and rejected. <c>answer_format</c> gives the chance rate
/// (<see cref="ChanceRates"/>); left out or empty, the benchmark must be one this harness scores. Errors name the
/// file, line and column.
/// </summary>
public static class PointsCsvReader
{
    private static readonly string[] Required = ["family", "model", "training_flops", "benchmark", "stack", "accuracy"];
    private static readonly string[] Optional = ["n", "one_time_flops", "inference_flops_per_item", "answer_format"];

    public static IReadOnlyList<ScalingPoint> Read(string file)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"points file not found: {file}", file);
        var lines = StrictUtf8.ReadLines(file).ToArray();
        if (lines.Length == 0) throw new InputException($"{file}: empty file (expected a header {string.Join(",", Required)})");
        var header = Split(lines[0]).Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = Required.Where(r => !header.Contains(r)).ToList();
        if (missing.Count > 0) throw new InputException($"{file}:1: missing column(s) {string.Join(", ", missing)}");
        var unknown = header.Where(h => !Required.Contains(h) && !Optional.Contains(h)).ToList();
        if (unknown.Count > 0) throw new InputException($"{file}:1: unknown column(s) {string.Join(", ", unknown)}; allowed: {string.Join(", ", Required.Concat(Optional))}");

        var points = new List<ScalingPoint>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var cells = Split(lines[i]);
            if (cells.Count != header.Count) throw new InputException($"{file}:{i + 1}: {cells.Count} values for {header.Count} columns");
            string Cell(string column) => cells[header.IndexOf(column)].Trim();
            string Where(string column) => $"{file}:{i + 1}: column '{column}'";
            double Number(string column, double min)
            {
                var text = Cell(column);
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && double.IsFinite(v)
                    ? v : throw new InputException($"{Where(column)}: expected a number ≥ {min}, got '{text}'");
            }
            double? OptionalNumber(string column) => header.Contains(column) && Cell(column).Length > 0 ? Number(column, 0) : null;
            foreach (var column in new[] { "family", "model", "benchmark", "stack" })
                if (Cell(column).Length == 0) throw new InputException($"{Where(column)}: empty");
            int? n = null;
            if (header.Contains("n") && Cell("n").Length > 0)
                n = int.TryParse(Cell("n"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count > 0
                    ? count : throw new InputException($"{Where("n")}: expected a positive integer, got '{Cell("n")}'");
            var flops = Number("training_flops", 0);
            if (flops <= 0) throw new InputException($"{Where("training_flops")}: must be positive");
            points.Add(new ScalingPoint(Cell("family"), Cell("model"), flops, Cell("benchmark"), Cell("stack"),
                Accuracy(Cell("accuracy"), Where("accuracy")), n, null, OptionalNumber("one_time_flops"), OptionalNumber("inference_flops_per_item"),
                Chance(header.Contains("answer_format") ? Cell("answer_format") : "", Cell("benchmark"), Where("answer_format")),
                Cell("stack") == ScalingPoint.Baseline ? [] : Cell("stack").Split('+', StringSplitOptions.TrimEntries)));
        }
        if (points.Count == 0) throw new InputException($"{file}: no data rows");
        return points;
    }

    private static double Accuracy(string text, string where)
    {
        var percent = text.EndsWith('%');
        var body = percent ? text[..^1].Trim() : text;
        if (!double.TryParse(body, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new InputException($"{where}: expected a fraction (0.42) or a percentage (42%), got '{text}'");
        if (percent) v /= 100;
        else if (v > 1) throw new InputException($"{where}: '{text}' is ambiguous: write a fraction in [0, 1] (0.42) or a percentage with a % sign (42%)");
        if (v < 0 || v > 1) throw new InputException($"{where}: accuracy {text} is outside [0, 1]");
        return v;
    }

    private static ChanceRate Chance(string answerFormat, string benchmark, string where) =>
        answerFormat.Length > 0
            ? ChanceRates.Parse(answerFormat, "points CSV answer_format")
              ?? throw new InputException($"{where}: expected {ChanceRates.FormatHelp}, got '{answerFormat}'")
            : ChanceRates.ForKnownTask(benchmark)
              ?? throw new InputException($"{where}: benchmark '{benchmark}' is not a task this harness scores, so its chance rate is unknown; add the column answer_format ({ChanceRates.FormatHelp})");

    private static List<string> Split(string line) => line.Split(',').ToList();
}
