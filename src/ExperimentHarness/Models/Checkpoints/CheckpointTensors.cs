using System.Text.Json;
using static TorchSharp.torch;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Checkpoints;

/// <summary>
/// The tensors of a checkpoint directory: <c>model.safetensors</c>, or the shards listed in
/// <c>model.safetensors.index.json</c>. Names map to the shard that holds them.
/// </summary>
public sealed class CheckpointTensors : IDisposable
{
    private readonly Dictionary<string, SafetensorsReader> _byName = new(StringComparer.Ordinal);
    private readonly List<SafetensorsReader> _readers = [];

    public CheckpointTensors(string directory)
    {
        var single = Path.Combine(directory, "model.safetensors");
        var index = Path.Combine(directory, "model.safetensors.index.json");
        IEnumerable<string> files;
        if (File.Exists(index)) files = ShardFiles(index);
        else if (File.Exists(single)) files = [single];
        else throw new FileNotFoundException($"{directory}: no model.safetensors or model.safetensors.index.json", single);
        foreach (var file in files)
        {
            var reader = new SafetensorsReader(Path.Combine(directory, file));
            _readers.Add(reader);
            foreach (var name in reader.Entries.Keys) _byName[name] = reader;
        }
        Files = _readers.Select(r => r.Path).ToList();
    }

    public IReadOnlyList<string> Files { get; }

    public IEnumerable<SafetensorsEntry> Entries => _byName.Select(p => p.Value.Entries[p.Key]);

    public bool Contains(string name) => _byName.ContainsKey(name);

    public SafetensorsEntry Entry(string name) => _byName[name].Entries[name];

    public Tensor Read(string name) => _byName[name].Read(name);

    public void Dispose()
    {
        foreach (var reader in _readers) reader.Dispose();
    }

    private static IEnumerable<string> ShardFiles(string index)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(index));
            return doc.RootElement.GetProperty("weight_map").EnumerateObject().Select(p => p.Value.GetString()!).Distinct().Order().ToList();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InputException($"{index}: expected a JSON object with a 'weight_map' of tensor name → shard file ({ex.Message})", ex);
        }
    }
}
