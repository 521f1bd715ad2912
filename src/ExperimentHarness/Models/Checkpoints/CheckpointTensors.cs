using ExperimentHarness.Foundation;
using static TorchSharp.torch;

namespace ExperimentHarness.Models.Checkpoints;

/// <summary>
/// The tensors of a checkpoint directory's <see cref="CheckpointWeightFiles"/>: <c>model.safetensors</c>, or the
/// shards listed in <c>model.safetensors.index.json</c>. Names map to the shard that holds them.
/// </summary>
public sealed class CheckpointTensors : IDisposable
{
    private readonly Dictionary<string, SafetensorsReader> _byName = new(StringComparer.Ordinal);
    private readonly List<SafetensorsReader> _readers = [];

    public CheckpointTensors(string directory)
    {
        try
        {
            foreach (var file in CheckpointWeightFiles.Of(directory))
            {
                var reader = new SafetensorsReader(file);
                _readers.Add(reader);
                foreach (var name in reader.Entries.Keys)
                    if (!_byName.TryAdd(name, reader))
                        throw new InputException($"{file}: tensor '{name}' is also in {_byName[name].Path}; a tensor must be stored once");
            }
        }
        catch
        {
            Dispose();
            throw;
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
}
