using ExperimentHarness.Benchmarks;

namespace ExperimentHarness.Enhancements;

/// <summary>What stack elements may know when they are built: the loaded benchmark (for exemplar pools) and the run seed.</summary>
public sealed record StackContext(BenchmarkSplits Benchmark, int RunSeed);
