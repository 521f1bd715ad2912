using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Tests.Enhancements;

public class BestOfKTests
{
    /// <summary>The verifier's own selection, averaged over every k-subset of the pool.</summary>
    private static double BruteForce(IReadOnlyList<(string? Answer, double Score)> pool, string gold, int k)
    {
        double correct = 0, count = 0;
        for (var mask = 0; mask < 1 << pool.Count; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != k) continue;
            var subset = Enumerable.Range(0, pool.Count).Where(i => (mask & (1 << i)) != 0).Select(i => pool[i]).ToList();
            var choice = PreparedVerifier.SelectBest(subset.Select(s => new ExtractedAnswer(s.Answer, "x")).ToList(), subset.Select(s => s.Score).ToList());
            correct += choice.Value == gold ? 1 : 0;
            count++;
        }
        return correct / count;
    }

    [Fact]
    public void MatchesTheVerifiersRuleAveragedOverEveryKSubset()
    {
        var rng = new Random(11);
        var pools = new List<IReadOnlyList<(string?, double)>>();
        var golds = new List<string>();
        for (var item = 0; item < 40; item++)
        {
            // Few distinct scores and answers, some unparseable: ties and skipped samples are common.
            pools.Add(Enumerable.Range(0, 6).Select(_ => (rng.Next(5) == 0 ? null : rng.Next(3).ToString(), (double)rng.Next(4))).ToList());
            golds.Add("1");
        }
        var curve = BestOfK.Curve(pools, golds);
        Assert.Equal(6, curve.Count);
        for (var k = 1; k <= 6; k++)
            Assert.Equal(pools.Select((p, i) => BruteForce(p, golds[i], k)).Average(), curve[k - 1], 12);
        // best-of-1 is the share of correct samples; the curve is not flat for these pools.
        Assert.Equal(pools.Average(p => p.Count(s => s.Item1 == "1") / 6.0), curve[0], 12);
        Assert.NotEqual(curve[0], curve[5], 6);
    }

    [Fact]
    public void AGoodVerifierRisesWithKAndAnInvertedOneFalls()
    {
        // Two of four samples correct; the verifier scores the correct ones higher (or lower).
        IReadOnlyList<(string?, double)> Pool(double right, double wrong) => [("7", right), ("3", wrong), ("7", right), ("4", wrong)];
        var good = BestOfK.Curve([Pool(0.9, 0.1)], ["7"]);
        var bad = BestOfK.Curve([Pool(0.1, 0.9)], ["7"]);
        double[] rising = [0.5, 5.0 / 6, 1.0, 1.0], falling = [0.5, 1.0 / 6, 0.0, 0.0];
        for (var k = 0; k < 4; k++)
        {
            Assert.Equal(rising[k], good[k], 12);
            Assert.Equal(falling[k], bad[k], 12);
        }
    }
}
