using ExperimentHarness.Benchmarks;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Runner;

/// <summary>The real <see cref="IBenchmarkLoader"/>: the benchmark catalog and the task scorers.</summary>
public sealed class SuiteBenchmarkLoader : IBenchmarkLoader
{
    public BenchmarkSplits Load(BenchmarkRequest request) => BenchmarkCatalog.Get(request.Name).Load(request);

    public ITaskScorer ScorerFor(string task) => TaskScorers.For(task);
}
