using ExperimentHarness.Enhancements;
using static TorchSharp.torch;

namespace ExperimentHarness.Engine;

/// <summary>
/// Exact cosine k-NN on a torch device: one fp32 matrix product per block of queries, then a stable
/// descending sort so equal scores keep corpus order (the same answer as <see cref="ExactCosineSearch"/>).
/// </summary>
public sealed class TorchCosineSearch(Device device) : INearestNeighbourSearch
{
    private const int QueryBlock = 256;

    public IReadOnlyList<IReadOnlyList<int>> Nearest(IReadOnlyList<float[]> corpus, IReadOnlyList<float[]> queries, int k, CancellationToken ct)
    {
        var result = new List<IReadOnlyList<int>>(queries.Count);
        if (corpus.Count == 0 || k <= 0)
        {
            result.AddRange(queries.Select(_ => (IReadOnlyList<int>)[]));
            return result;
        }
        var dimension = corpus[0].Length;
        k = Math.Min(k, corpus.Count);
        using var noGrad = no_grad();
        using var matrix = tensor(Flatten(corpus, dimension), [corpus.Count, dimension], device: device);
        using var transposed = matrix.t();
        for (var start = 0; start < queries.Count; start += QueryBlock)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var block = queries.Skip(start).Take(QueryBlock).ToList();
            var scores = tensor(Flatten(block, dimension), [block.Count, dimension], device: device).matmul(transposed);
            var (_, order) = scores.sort(dim: 1, descending: true, stable: true);
            var top = order.narrow(1, 0, k).cpu().data<long>().ToArray();
            for (var row = 0; row < block.Count; row++)
                result.Add(top.Skip(row * k).Take(k).Select(i => (int)i).ToList());
        }
        return result;
    }

    private static float[] Flatten(IReadOnlyList<float[]> vectors, int dimension)
    {
        var flat = new float[vectors.Count * dimension];
        for (var i = 0; i < vectors.Count; i++)
        {
            if (vectors[i].Length != dimension)
                throw new ArgumentException($"vector {i} has {vectors[i].Length} dimensions, expected {dimension}");
            vectors[i].CopyTo(flat, i * dimension);
        }
        return flat;
    }
}
