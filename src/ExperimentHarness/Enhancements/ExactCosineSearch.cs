namespace ExperimentHarness.Enhancements;

/// <summary>Brute-force cosine k-NN in managed code: the reference the device search is tested against, and the fallback without a model.</summary>
public sealed class ExactCosineSearch : INearestNeighbourSearch
{
    public IReadOnlyList<IReadOnlyList<int>> Nearest(IReadOnlyList<float[]> corpus, IReadOnlyList<float[]> queries, int k, CancellationToken ct)
    {
        var result = new List<IReadOnlyList<int>>(queries.Count);
        foreach (var query in queries)
        {
            ct.ThrowIfCancellationRequested();
            result.Add(corpus.Select((v, i) => (Score: Dot(v, query), Index: i))
                .OrderByDescending(x => x.Score).ThenBy(x => x.Index).Take(k).Select(x => x.Index).ToList());
        }
        return result;
    }

    private static float Dot(float[] a, float[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"vectors of {a.Length} and {b.Length} dimensions cannot be compared");
        var sum = 0f;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
