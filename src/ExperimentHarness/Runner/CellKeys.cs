using System.Globalization;
using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner;

/// <summary>
/// The content hashes that name a cell and its items (model weights, benchmark, split, stack id, the config's sampling, seed,
/// mode), so reruns resume and changed settings never mix. Computable before any stack is prepared, which the sweep plan needs.
/// </summary>
public sealed record CellKeys(string WeightsSha256, string Benchmark, string Split, string StackId, SamplingOptions Sampling, int Seed, RunMode Mode)
{
    public string Id => ContentHash.Of("cell/v1", WeightsSha256, Benchmark, Split, StackId, SamplingText, Seed.ToString(CultureInfo.InvariantCulture), Mode.Name())[..24];

    public string ItemKey(BenchmarkItem item) =>
        ContentHash.Of("item/v1", WeightsSha256, Benchmark, item.Id, item.Posed, StackId, SamplingText, Seed.ToString(CultureInfo.InvariantCulture), Mode.Name());

    private string SamplingText => TextOf(Sampling);

    internal static string TextOf(SamplingOptions sampling) => string.Create(CultureInfo.InvariantCulture,
        $"max={sampling.MaxNewTokens};t={sampling.Temperature:R};p={sampling.TopP:R};stop={string.Join("\u001e", sampling.Stop)}");
}
