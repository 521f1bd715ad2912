using ExperimentHarness.Foundation;

namespace ExperimentHarness.Enhancements;

/// <summary>Unit-length text embeddings and the FLOPs of computing them (the model's own hidden states, or a configured embedding model).</summary>
public interface ITextEmbedder
{
    /// <summary>Identifies the embedding function (weights hash and pooling), for cache keys.</summary>
    string Identity { get; }

    (IReadOnlyList<float[]> Vectors, IReadOnlyList<Flops> Flops) Embed(IReadOnlyList<string> texts, CancellationToken ct);

    /// <summary>
    /// As <see cref="Embed(IReadOnlyList{string}, CancellationToken)"/>, calling <paramref name="embedded"/> with the number of
    /// texts embedded so far as it goes (after each batch where the embedder batches; this default embeds slices of 256).
    /// </summary>
    (IReadOnlyList<float[]> Vectors, IReadOnlyList<Flops> Flops) Embed(IReadOnlyList<string> texts, Action<int>? embedded, CancellationToken ct)
    {
        if (embedded is null) return Embed(texts, ct);
        const int Slice = 256;
        var vectors = new List<float[]>(texts.Count);
        var flops = new List<Flops>(texts.Count);
        for (var start = 0; start < texts.Count; start += Slice)
        {
            var (v, f) = Embed(texts.Skip(start).Take(Slice).ToList(), ct);
            vectors.AddRange(v);
            flops.AddRange(f);
            embedded(vectors.Count);
        }
        return (vectors, flops);
    }
}
