using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Hub;

/// <summary>
/// The shard list of a downloaded <c>model.safetensors.index.json</c>: the distinct file names of its
/// <c>weight_map</c> (each a plain relative name, <see cref="HubFileName"/>) and <c>metadata.total_size</c> when it is a positive whole number.
/// Anything else is an <see cref="InputException"/> naming the file and the key.
/// </summary>
public sealed record ShardIndex(IReadOnlyList<string> Shards, long? TotalSize)
{
    public const string FileName = "model.safetensors.index.json";

    public static ShardIndex Read(string file, string label)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw Invalid(label, "weight_map", "expected an object mapping tensor names to shard file names");
            var shards = new List<string>();
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                    throw Invalid(label, $"weight_map.{entry.Name}", $"expected a shard file name, got {entry.Value.ValueKind}");
                shards.Add(HubFileName.Check(entry.Value.GetString(), $"{label}: weight_map.{entry.Name}"));
            }
            if (shards.Count == 0) throw Invalid(label, "weight_map", "no shards listed");
            return new ShardIndex(shards.Distinct().Order(StringComparer.Ordinal).ToList(), TotalSizeOf(root));
        }
        catch (JsonException ex)
        {
            throw new InputException($"{label}: not a safetensors index: invalid JSON ({ex.Message})");
        }
    }

    /// <summary>Only a bound on each shard's size, so a missing or odd value (some converters write floats) just means no bound.</summary>
    private static long? TotalSizeOf(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty("total_size", out var total) && total.ValueKind == JsonValueKind.Number
        && total.TryGetInt64(out var size) && size > 0 ? size : null;

    private static InputException Invalid(string label, string key, string why) => new($"{label}: not a safetensors index: '{key}': {why}");
}
