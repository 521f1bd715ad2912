using ExperimentHarness.Benchmarks;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Enhancements;

/// <summary>Unit vectors of a corpus, cached as a binary file, searched by exact cosine k-nearest-neighbour.</summary>
public sealed class RetrievalIndex(float[][] vectors, double buildFlops)
{
    public double BuildFlops => buildFlops;

    public int Count => vectors.Length;

    public int Dimension => vectors.Length == 0 ? 0 : vectors[0].Length;

    /// <summary>FLOPs of scoring one query against every vector.</summary>
    public double QueryFlops => ShapeFreeFlops.CosineSearch(Count, Dimension);

    /// <summary>For each query, the indices of the <paramref name="k"/> most similar vectors, most similar first (ties by index).</summary>
    public IReadOnlyList<IReadOnlyList<int>> Nearest(INearestNeighbourSearch search, IReadOnlyList<float[]> queries, int k, CancellationToken ct) =>
        search.Nearest(vectors, queries, Math.Min(k, Count), ct);

    /// <summary>Reads the cached index of this embedder and corpus, or embeds the corpus (reporting "retrieval index: N/M texts embedded") and caches it.</summary>
    public static RetrievalIndex LoadOrBuild(ITextEmbedder embedder, IReadOnlyList<BenchmarkItem> corpus, string cacheDirectory, CancellationToken ct, out bool built,
        IProgress<PhaseProgress>? progress = null)
    {
        var key = ContentHash.Of(embedder.Identity, string.Join("\u001e", corpus.Select(c => c.Id + "\u001f" + c.Posed)))[..32];
        var file = Path.Combine(cacheDirectory, "retrieval", key + ".index");
        if (File.Exists(file))
        {
            built = false;
            return Read(file);
        }
        var (vectors, flops) = embedder.Embed(corpus.Select(c => c.Posed).ToList(),
            progress is null ? null : n => progress.Report(new PhaseProgress("retrieval index", n, corpus.Count, "texts embedded")), ct);
        var index = new RetrievalIndex(vectors.ToArray(), flops.Sum(f => f.Executed));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + $".{Environment.ProcessId}.tmp";
        using (var writer = new BinaryWriter(File.Create(temp)))
        {
            writer.Write(index.BuildFlops);
            writer.Write(vectors.Count);
            writer.Write(vectors.Count == 0 ? 0 : vectors[0].Length);
            foreach (var v in vectors) foreach (var x in v) writer.Write(x);
        }
        File.Move(temp, file, overwrite: true);
        built = true;
        return index;
    }

    private static RetrievalIndex Read(string file)
    {
        using var reader = new BinaryReader(File.OpenRead(file));
        var flops = reader.ReadDouble();
        var count = reader.ReadInt32();
        var dim = reader.ReadInt32();
        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            vectors[i] = new float[dim];
            for (var d = 0; d < dim; d++) vectors[i][d] = reader.ReadSingle();
        }
        return new RetrievalIndex(vectors, flops);
    }
}
