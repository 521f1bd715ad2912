using System.Globalization;
using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Scoring;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner;

/// <summary>
/// One cell of the plan: a model × stack × benchmark split × seed with fixed generation settings.
/// Its <see cref="Id"/> and item keys are content hashes, so reruns resume and changed settings never mix.
/// </summary>
public sealed record CellSpec(
    ModelIdentity Model,
    BenchmarkSplits Benchmark,
    string Split,
    IReadOnlyList<BenchmarkItem> Items,
    PreparedStack Stack,
    ITaskScorer Scorer,
    SamplingOptions Sampling,
    int Seed,
    int BatchSize,
    RunMode Mode = RunMode.Generate)
{
    public CellKeys Keys => new(Model.WeightsSha256, Benchmark.Benchmark, Split, Stack.Id, Sampling, Seed, Mode);

    public string Id => Keys.Id;

    public string ItemKey(BenchmarkItem item) => Keys.ItemKey(item);

    public ulong ItemSeed(BenchmarkItem item) => ContentHash.Seed("seed/v1", Seed.ToString(CultureInfo.InvariantCulture), item.Id);
}
