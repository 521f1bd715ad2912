namespace ExperimentHarness.Benchmarks;

/// <summary>
/// A tiny, fully specified PRNG (SplitMix64) so that exemplar draws and tie-breaks are identical on
/// every runtime and platform (System.Random's algorithm is an implementation detail).
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, bound).</summary>
    public int NextInt(int bound) => (int)(Next() % (ulong)bound);

    /// <summary>The first <paramref name="count"/> indices of a seeded Fisher–Yates shuffle of 0..n-1.</summary>
    public IReadOnlyList<int> Sample(int n, int count)
    {
        var indices = Enumerable.Range(0, n).ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = i + NextInt(n - i);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }
        return indices[..count];
    }
}
