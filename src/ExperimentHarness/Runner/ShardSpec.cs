using System.Globalization;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner;

/// <summary><c>--shard i/n</c>: this process runs share <see cref="Index"/> (1-based, as Slurm array task ids 1..n) of <see cref="Count"/>.</summary>
public sealed record ShardSpec(int Index, int Count)
{
    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count is >= 1 and <= 100_000 && index >= 1 && index <= count)
            return new ShardSpec(index, count);
        throw new InputException($"--shard '{text}': expected i/n with 1 <= i <= n, e.g. 2/3");
    }

    public override string ToString() => $"{Index}/{Count}";
}
