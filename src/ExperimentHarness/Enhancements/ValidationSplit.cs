using ExperimentHarness.Benchmarks;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// The seeded hold-out of verifier training: a fifth of the items (at least one), whole items at a time so
/// no solution of a held-out problem is trained on. Fine-tuning and head training share it, so the head's
/// validation AUC is measured on items the fine-tuned model never saw.
/// </summary>
public static class ValidationSplit
{
    public static IReadOnlySet<int> HeldOutGroups(IReadOnlyList<int> groupOfExample, int seed)
    {
        var groups = groupOfExample.Distinct().Order().ToList();
        return new SplitMix64((ulong)seed).Sample(groups.Count, Math.Max(1, groups.Count / 5)).Select(i => groups[i]).ToHashSet();
    }
}
