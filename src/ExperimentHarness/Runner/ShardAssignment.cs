namespace ExperimentHarness.Runner;

/// <summary>
/// Splits a sweep's cells into n shards of about equal estimated FLOPs (not equal counts): cells in decreasing estimate
/// (ties by key), each to the shard with the least assigned so far (ties to the lowest shard) — the longest-processing-time
/// rule, within 4/3 of the best possible largest shard. It depends only on the keys and estimates, never on what is
/// already stored, so every shard process computes the same split.
/// </summary>
public static class ShardAssignment
{
    /// <summary>The 1-based shard of each cell key.</summary>
    public static IReadOnlyDictionary<string, int> Assign(IReadOnlyList<(string Key, double Flops)> cells, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        var load = new double[shards];
        var assignment = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, flops) in cells.OrderByDescending(c => c.Flops).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            var lightest = 0;
            for (var s = 1; s < shards; s++) if (load[s] < load[lightest]) lightest = s;
            load[lightest] += flops;
            assignment.Add(key, lightest + 1);
        }
        return assignment;
    }
}
