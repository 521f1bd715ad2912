using ExperimentHarness.Benchmarks;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Runner;

/// <summary>The real <see cref="IBenchmarkLoader"/>: the task registry's sources and scorers.</summary>
public sealed class SuiteBenchmarkLoader : IBenchmarkLoader
{
    public BenchmarkSplits Load(BenchmarkRequest request) => TaskRegistry.Source(request.Name).Load(request);

    public ITaskScorer ScorerFor(string task) => TaskRegistry.Scorer(task);
}
