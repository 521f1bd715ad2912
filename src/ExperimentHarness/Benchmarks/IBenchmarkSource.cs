using ExperimentHarness.Foundation;

namespace ExperimentHarness.Benchmarks;

/// <summary>Loads one named benchmark into train/test items. Bad data throws an InputException naming file, line and field.</summary>
public interface IBenchmarkSource
{
    string Name { get; }

    BenchmarkSplits Load(BenchmarkRequest request);
}
