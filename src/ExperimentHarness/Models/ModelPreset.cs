using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models;

/// <summary>Sizes of the self-made checkpoints (<c>models init --preset</c>). The vocabulary is the harness's own small BPE.</summary>
public sealed record ModelPreset(string Name, int Layers, int Hidden, int Heads, int KvHeads, int MlpWidth, int Merges)
{
    public static readonly IReadOnlyList<ModelPreset> All =
    [
        new("tiny", Layers: 2, Hidden: 64, Heads: 4, KvHeads: 2, MlpWidth: 128, Merges: 256),
        new("small", Layers: 4, Hidden: 128, Heads: 4, KvHeads: 2, MlpWidth: 352, Merges: 768),
        new("base", Layers: 8, Hidden: 256, Heads: 8, KvHeads: 4, MlpWidth: 704, Merges: 1792),
        // Llama 3.2 1B's layer stack (0.97 B parameters without embeddings) for GPU throughput runs; the small vocabulary stays.
        new("1b", Layers: 16, Hidden: 2048, Heads: 32, KvHeads: 8, MlpWidth: 8192, Merges: 1792),
    ];

    public static ModelPreset Get(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new InputException($"unknown preset '{name}'; known presets: {string.Join(", ", All.Select(p => p.Name))}");
}
