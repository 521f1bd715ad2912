using System.Text.Json;

namespace ExperimentHarness.Runner;

/// <summary>
/// The executed FLOP/s that the most recently written cell summary under a sweep's output directory measured
/// (<c>flops_per_s</c> of its summary.json), for the plan's time estimate; null where no cell has measured one yet.
/// </summary>
public sealed record MeasuredThroughput(double FlopsPerSecond, string SummaryFile, DateTime MeasuredUtc)
{
    public static MeasuredThroughput? Latest(string outputDirectory)
    {
        if (!Directory.Exists(outputDirectory)) return null;
        MeasuredThroughput? latest = null;
        foreach (var file in Directory.EnumerateFiles(outputDirectory, "summary.json", SearchOption.AllDirectories))
        {
            var written = File.GetLastWriteTimeUtc(file);
            if (latest is not null && written <= latest.MeasuredUtc) continue;
            if (ReadFlopsPerSecond(file) is { } rate) latest = new MeasuredThroughput(rate, file, written);
        }
        return latest;
    }

    private static double? ReadFlopsPerSecond(string file)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            return document.RootElement.TryGetProperty("flops_per_s", out var rate) && rate.ValueKind == JsonValueKind.Number
                   && rate.GetDouble() is var value and > 0 && double.IsFinite(value) ? value : null;
        }
        catch (Exception e) when (e is JsonException or IOException) { return null; }    // a damaged summary only loses its figure
    }
}
