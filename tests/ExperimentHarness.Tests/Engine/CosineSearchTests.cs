using ExperimentHarness.Engine;
using ExperimentHarness.Enhancements;
using static TorchSharp.torch;

namespace ExperimentHarness.Tests.Engine;

public class CosineSearchTests
{
    private static float[] Unit(Random random, int dimension)
    {
        var v = Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    [Fact]
    public void DeviceSearchGivesTheSameNeighboursAsTheManagedReferenceTiesInCorpusOrder()
    {
        var random = new Random(7);
        var corpus = Enumerable.Range(0, 300).Select(_ => Unit(random, 16)).ToList();
        corpus[40] = corpus[250];                 // exact duplicates: equal scores must keep corpus order
        corpus[120] = corpus[250];
        var queries = Enumerable.Range(0, 600).Select(_ => Unit(random, 16)).ToList();   // more than one query block
        queries[5] = corpus[250];

        var reference = new ExactCosineSearch().Nearest(corpus, queries, 10, CancellationToken.None);
        var device = new TorchCosineSearch(CPU).Nearest(corpus, queries, 10, CancellationToken.None);

        Assert.Equal(600, device.Count);
        for (var q = 0; q < queries.Count; q++) Assert.Equal(reference[q], device[q]);
        Assert.Equal([40, 120, 250], device[5].Take(3));
    }

    [Fact]
    public void KBeyondTheCorpusReturnsEveryVectorAndMismatchedDimensionsAreRejected()
    {
        var corpus = new List<float[]> { new[] { 1f, 0f }, new[] { 0f, 1f }, new[] { 0.6f, 0.8f } };
        var nearest = new TorchCosineSearch(CPU).Nearest(corpus, [new[] { 0f, 1f }], 10, CancellationToken.None);
        Assert.Equal([1, 2, 0], nearest[0]);

        var ex = Assert.Throws<ArgumentException>(() =>
            new TorchCosineSearch(CPU).Nearest(corpus, [new[] { 1f, 0f, 0f }], 2, CancellationToken.None));
        Assert.Contains("3 dimensions, expected 2", ex.Message);
    }
}
