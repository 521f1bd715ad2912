using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Checkpoints;

/// <summary>
/// The weight files a checkpoint directory loads from, in one stable order: the distinct files named by
/// <c>model.safetensors.index.json</c> (which may sit in subfolders), else <c>model.safetensors</c>. Loading and
/// the weights hash both use this list, so the hash covers exactly the bytes loaded. An index entry that
/// resolves outside the checkpoint directory is refused.
/// </summary>
public static class CheckpointWeightFiles
{
    public const string Single = "model.safetensors";
    public const string Index = "model.safetensors.index.json";

    /// <summary>Full paths, ordered by their name relative to the directory (ordinal).</summary>
    public static IReadOnlyList<string> Of(string directory)
    {
        var root = Path.GetFullPath(directory);
        var index = Path.Combine(root, Index);
        if (File.Exists(index))
            return NamesIn(index).Select(entry => Inside(root, entry.File, $"{index}: key 'weight_map.{entry.Tensor}'")).Distinct(StringComparer.Ordinal)
                .OrderBy(path => Path.GetRelativePath(root, path), StringComparer.Ordinal).ToList();
        var single = Path.Combine(root, Single);
        if (File.Exists(single)) return [single];
        throw new FileNotFoundException($"{directory}: no {Single} or {Index}", single);
    }

    private static List<(string Tensor, string File)> NamesIn(string index)
    {
        try
        {
            using var doc = JsonDocument.Parse(StrictUtf8.ReadAllText(index));
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new InputException($"{index}: key 'weight_map': expected an object mapping tensor names to shard files");
            var names = new List<(string, string)>();
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(entry.Value.GetString()))
                    throw new InputException($"{index}: key 'weight_map.{entry.Name}': expected a shard file name, got {entry.Value.ValueKind}");
                names.Add((entry.Name, entry.Value.GetString()!));
            }
            if (names.Count == 0) throw new InputException($"{index}: key 'weight_map': no shards listed");
            return names;
        }
        catch (JsonException ex)
        {
            throw new InputException($"{index}: not valid JSON ({ex.Message})", ex);
        }
    }

    private static string Inside(string root, string name, string where)
    {
        var full = Path.GetFullPath(Path.Combine(root, name));
        if (!full.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InputException($"{where}: shard '{name}' resolves outside the checkpoint directory {root}; only files inside it are loaded");
        return full;
    }
}
