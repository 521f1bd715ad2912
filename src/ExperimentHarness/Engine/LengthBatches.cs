namespace ExperimentHarness.Engine;

/// <summary>
/// Groups sequences for left-padded batches: sorted by length, each batch grows while it has fewer than
/// <c>maxRows</c> rows and rows × its longest length (the newest, as lengths ascend) stays within <c>maxTokens</c>.
/// </summary>
public static class LengthBatches
{
    /// <returns>Batches of indices into <paramref name="lengths"/>, each in ascending length order.</returns>
    public static IEnumerable<IReadOnlyList<int>> Plan(IReadOnlyList<int> lengths, int maxRows, long maxTokens)
    {
        var order = Enumerable.Range(0, lengths.Count).OrderBy(i => lengths[i]).ToList();
        for (var start = 0; start < order.Count;)
        {
            var count = 1;
            while (start + count < order.Count && count < maxRows && (long)(count + 1) * lengths[order[start + count]] <= maxTokens) count++;
            yield return order.GetRange(start, count);
            start += count;
        }
    }
}
