using ExperimentHarness.Benchmarks;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Runner;

/// <summary>Loads benchmarks by name and finds the scorer of a task; the seam between the runner and the suites.</summary>
public interface IBenchmarkLoader
{
    BenchmarkSplits Load(BenchmarkRequest request);

    ITaskScorer ScorerFor(string task);
}
