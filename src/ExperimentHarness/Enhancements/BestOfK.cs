namespace ExperimentHarness.Enhancements;

/// <summary>
/// Verifier best-of-k for every k ≤ n from one pool of n scored samples per item: the expected accuracy of
/// submitting the best-scored parseable sample of a uniformly random k-subset, the verifier's own rule
/// (higher score wins, equal scores go to the lower sample index, no parseable sample is wrong). Exact:
/// the parseable sample ranked j-th is the one submitted iff it is drawn and the j ranked above it are not,
/// which has probability C(n−1−j, k−1) / C(n, k).
/// </summary>
public static class BestOfK
{
    /// <param name="samples">Per item, in sample-index order: each sample's extracted answer (null = unparseable) and verifier score.</param>
    /// <param name="golds">Per item: the normalised gold answer.</param>
    /// <returns>Index k-1: expected best-of-k accuracy.</returns>
    public static IReadOnlyList<double> Curve(IReadOnlyList<IReadOnlyList<(string? Answer, double Score)>> samples, IReadOnlyList<string> golds)
    {
        if (samples.Count != golds.Count) throw new ArgumentException("one gold per item");
        if (samples.Count == 0) return [];
        var n = samples.Min(s => s.Count);
        var curve = new double[n];
        for (var item = 0; item < samples.Count; item++)
        {
            var pool = samples[item].Take(n).ToList();
            var ranked = pool.Select((s, i) => (s.Answer, s.Score, Index: i)).Where(s => s.Answer is not null)
                .OrderByDescending(s => s.Score).ThenBy(s => s.Index).ToList();
            for (var k = 1; k <= n; k++)
                for (var j = 0; j < ranked.Count; j++)
                    if (ranked[j].Answer == golds[item]) curve[k - 1] += ChosenProbability(n, k, j);
        }
        for (var k = 0; k < n; k++) curve[k] /= samples.Count;
        return curve;
    }

    /// <summary>C(n−1−j, k−1) / C(n, k), as a product so large n does not overflow.</summary>
    private static double ChosenProbability(int n, int k, int j)
    {
        if (n - 1 - j < k - 1) return 0;
        // C(n-1-j, k-1)/C(n,k) = (k/n) · Π_{i=0}^{j-1} (n-k-i)/(n-1-i)
        var p = (double)k / n;
        for (var i = 0; i < j; i++) p *= (double)(n - k - i) / (n - 1 - i);
        return p;
    }
}
