namespace ExperimentHarness.Fitter;

/// <summary>
/// Draws bootstrap replicates of the accuracies of a set of points measured on the same benchmark.
/// Paired when every point has per-item results on a common item set (the same resampled items for
/// every size and condition); binomial (each point redrawn from Binomial(n, p)) when only item counts
/// are known; impossible otherwise.
/// </summary>
public sealed class PointResampler
{
    private readonly IReadOnlyList<ScalingPoint> _points;
    private readonly bool[][]? _items;     // [point][common item]

    public PointResampler(IReadOnlyList<ScalingPoint> points)
    {
        _points = points;
        if (points.All(p => p.ItemCorrect is { Count: > 0 }))
        {
            var common = points.Select(p => p.ItemCorrect!.Keys).Aggregate((a, b) => a.Intersect(b).ToList()).Order(StringComparer.Ordinal).ToList();
            if (common.Count > 0)
                _items = points.Select(p => common.Select(id => p.ItemCorrect![id]).ToArray()).ToArray();
        }
        Method = _items is not null ? "paired_bootstrap" : points.All(p => p.N is > 0) ? "binomial_bootstrap" : null;
    }

    /// <summary>"paired_bootstrap", "binomial_bootstrap", or null when no interval can be given.</summary>
    public string? Method { get; }

    /// <summary>One replicate: the resampled accuracy of every point, in the constructor's order.</summary>
    public double[] Draw(Random rng)
    {
        if (_items is not null)
        {
            var n = _items[0].Length;
            var picks = new int[n];
            for (var i = 0; i < n; i++) picks[i] = rng.Next(n);
            return _items.Select(row => picks.Count(i => row[i]) / (double)n).ToArray();
        }
        if (Method is null) throw new InvalidOperationException("no per-item data and no item counts: cannot resample");
        return _points.Select(p =>
        {
            var n = p.N!.Value;
            var hits = 0;
            for (var i = 0; i < n; i++) if (rng.NextDouble() < p.Accuracy) hits++;
            return hits / (double)n;
        }).ToArray();
    }
}
