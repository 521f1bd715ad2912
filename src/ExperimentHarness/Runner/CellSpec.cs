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
    public string Id => ContentHash.Of("cell/v1", Model.WeightsSha256, Benchmark.Benchmark, Split, Stack.Id, SamplingText, Seed.ToString(CultureInfo.InvariantCulture), Mode.Name())[..24];

    public string ItemKey(BenchmarkItem item) =>
        ContentHash.Of("item/v1", Model.WeightsSha256, Benchmark.Benchmark, item.Id, item.Posed, Stack.Id, SamplingText, Seed.ToString(CultureInfo.InvariantCulture), Mode.Name());

    public ulong ItemSeed(BenchmarkItem item) => ContentHash.Seed("seed/v1", Seed.ToString(CultureInfo.InvariantCulture), item.Id);

    private string SamplingText => string.Create(CultureInfo.InvariantCulture,
        $"max={Sampling.MaxNewTokens};t={Sampling.Temperature:R};p={Sampling.TopP:R};stop={string.Join("\u001e", Sampling.Stop)}");
}
