namespace ExperimentHarness.Enhancements;

/// <summary>Exact cosine k-nearest-neighbour search over unit vectors (on the CPU, or on the model's device).</summary>
public interface INearestNeighbourSearch
{
    /// <summary>
    /// For each query, the indices of the <paramref name="k"/> corpus vectors with the highest dot product,
    /// most similar first; equal scores keep corpus order, so the answer does not depend on the device.
    /// </summary>
    IReadOnlyList<IReadOnlyList<int>> Nearest(IReadOnlyList<float[]> corpus, IReadOnlyList<float[]> queries, int k, CancellationToken ct);
}
