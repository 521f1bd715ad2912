using ExperimentHarness.Engine;

namespace ExperimentHarness.Enhancements;

/// <summary>Unit-length text embeddings and the FLOPs of computing them (the model's own hidden states, or a configured embedding model).</summary>
public interface ITextEmbedder
{
    /// <summary>Identifies the embedding function (weights hash and pooling), for cache keys.</summary>
    string Identity { get; }

    (IReadOnlyList<float[]> Vectors, IReadOnlyList<Flops> Flops) Embed(IReadOnlyList<string> texts, CancellationToken ct);
}
