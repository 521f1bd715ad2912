namespace ExperimentHarness.Benchmarks;

/// <summary>
/// A loaded benchmark: the evaluation items and the items exemplars may be drawn from.
/// <see cref="Train"/> is empty when the source has no training split (exemplars then come from
/// a configured file or are unavailable, which few-shot stacks report as an error).
/// </summary>
public sealed record BenchmarkSplits(string Benchmark, IReadOnlyList<BenchmarkItem> Train, IReadOnlyList<BenchmarkItem> Test);
