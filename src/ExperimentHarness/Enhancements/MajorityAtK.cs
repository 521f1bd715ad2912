using ExperimentHarness.Benchmarks;
namespace ExperimentHarness.Enhancements;

/// <summary>
/// maj@k for every k ≤ n from one pool of n samples per item: the expected accuracy of majority voting
/// over a uniformly random k-subset of the item's samples, estimated by averaging over
/// <c>subsetsPerK</c> seeded random subsets per item, or exactly over all k-subsets when there are no more
/// of them than that budget. Never "the first k".
/// </summary>
public static class MajorityAtK
{
    /// <param name="samples">Per item: every sample's extracted answer (null = unparseable).</param>
    /// <param name="golds">Per item: the normalised gold answer.</param>
    /// <returns>Index k-1: estimated maj@k accuracy.</returns>
    public static IReadOnlyList<double> Curve(IReadOnlyList<IReadOnlyList<string?>> samples, IReadOnlyList<string> golds, ulong seed, int subsetsPerK = 256)
    {
        if (samples.Count != golds.Count) throw new ArgumentException("one gold per item");
        if (samples.Count == 0) return [];
        var n = samples.Min(s => s.Count);
        var curve = new double[n];
        var rng = new SplitMix64(seed);
        for (var k = 1; k <= n; k++)
        {
            double total = 0;
            for (var item = 0; item < samples.Count; item++)
                total += ItemAccuracy(samples[item], golds[item], k, rng, subsetsPerK);
            curve[k - 1] = total / samples.Count;
        }
        return curve;
    }

    private static double ItemAccuracy(IReadOnlyList<string?> answers, string gold, int k, SplitMix64 rng, int subsets)
    {
        if (k == answers.Count) return WinProbability(answers, gold);
        if (Binomial(answers.Count, k) <= subsets) return ExactAverage(answers, gold, k);
        double wins = 0;
        for (var s = 0; s < subsets; s++)
        {
            var chosen = rng.Sample(answers.Count, k).Select(i => answers[i]).ToList();
            wins += WinProbability(chosen, gold);
        }
        return wins / subsets;
    }

    /// <summary>The average over every k-subset (used when there are no more subsets than the sampling budget).</summary>
    private static double ExactAverage(IReadOnlyList<string?> answers, string gold, int k)
    {
        var index = Enumerable.Range(0, k).ToArray();
        double total = 0;
        long count = 0;
        while (true)
        {
            total += WinProbability(index.Select(i => answers[i]).ToList(), gold);
            count++;
            var j = k - 1;
            while (j >= 0 && index[j] == answers.Count - k + j) j--;
            if (j < 0) return total / count;
            index[j]++;
            for (var m = j + 1; m < k; m++) index[m] = index[m - 1] + 1;
        }
    }

    private static double Binomial(int n, int k)
    {
        double result = 1;
        for (var i = 1; i <= k; i++) result = result * (n - k + i) / i;
        return result;
    }

    /// <summary>Probability that the gold answer wins the vote, a tie among m answers counting 1/m (the seeded tie-break's expectation).</summary>
    internal static double WinProbability(IReadOnlyList<string?> answers, string gold)
    {
        var counts = answers.Where(a => a is not null).GroupBy(a => a!).ToDictionary(g => g.Key, g => g.Count());
        if (!counts.TryGetValue(gold, out var goldCount)) return 0;
        var top = counts.Values.Max();
        return goldCount < top ? 0 : 1.0 / counts.Values.Count(c => c == top);
    }
}
