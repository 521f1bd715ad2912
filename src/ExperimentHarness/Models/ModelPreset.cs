using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models;

/// <summary>
/// Sizes of the self-made checkpoints (<c>models init --preset</c>). The tokenizer is the harness's own small BPE;
/// <paramref name="EmbeddingRows"/> pads the embedding (and tied head) past it, as published checkpoints pad theirs, so a
/// preset can match a real model's LM-head cost. Padding ids decode to nothing.
/// </summary>
public sealed record ModelPreset(string Name, int Layers, int Hidden, int Heads, int KvHeads, int MlpWidth, int Merges, int? EmbeddingRows = null)
{
    /// <summary>Tokens the tokenizer has: bytes, merges, <c>&lt;|endoftext|&gt;</c> (the last one).</summary>
    public int TokenizerSize => 256 + Merges + 1;

    /// <summary>Rows of the embedding matrix: the tokenizer's size or the padded size.</summary>
    public int Vocab => Math.Max(EmbeddingRows ?? 0, TokenizerSize);

    public static readonly IReadOnlyList<ModelPreset> All =
    [
        new("tiny", Layers: 2, Hidden: 64, Heads: 4, KvHeads: 2, MlpWidth: 128, Merges: 256),
        new("small", Layers: 4, Hidden: 128, Heads: 4, KvHeads: 2, MlpWidth: 352, Merges: 768),
        new("base", Layers: 8, Hidden: 256, Heads: 8, KvHeads: 4, MlpWidth: 704, Merges: 1792),
        // Llama 3.2 1B's layer stack (0.97 B parameters without embeddings) for GPU throughput runs; the small vocabulary stays.
        // SmolLM2-135M's shape, vocabulary included (49,152 rows, tied), for CPU decode throughput side by side with other engines.
        new("135m", Layers: 30, Hidden: 576, Heads: 9, KvHeads: 3, MlpWidth: 1536, Merges: 1792, EmbeddingRows: 49152),
        new("1b", Layers: 16, Hidden: 2048, Heads: 32, KvHeads: 8, MlpWidth: 8192, Merges: 1792),
    ];

    public static ModelPreset Get(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new InputException($"unknown preset '{name}'; known presets: {string.Join(", ", All.Select(p => p.Name))}");
}
