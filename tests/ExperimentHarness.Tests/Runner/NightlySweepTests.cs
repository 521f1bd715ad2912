using ExperimentHarness.Runner;
using ExperimentHarness.Store;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

/// <summary>configs/nightly.yaml (two committed arith-llama members × two arith benchmarks × three stacks), 6 items per benchmark, run once uninterrupted.</summary>
public sealed class NightlyReference : IDisposable
{
    public const int Limit = 6;

    public NightlyReference()
    {
        Directory = TestPaths.NewTempDirectory();
        Result = NightlySweepTests.Run(Path.Combine(Directory, "whole"), new SweepOptions(), new TorchModelLoader(new CapturingConsole()), CancellationToken.None);
        Records = NightlySweepTests.Records(Path.Combine(Directory, "whole"));
    }

    public string Directory { get; }

    public SweepResult Result { get; }

    public IReadOnlyList<string> Records { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

/// <summary>The heaviest end-to-end runs of the suite (real models, 5 sweeps): alone, so they add no load to the engine tests that run in parallel.</summary>
[CollectionDefinition(nameof(NightlySweepTests), DisableParallelization = true)]
public sealed class NightlySweepCollection;

[Collection(nameof(NightlySweepTests))]
public class NightlySweepTests(NightlyReference reference) : IClassFixture<NightlyReference>
{
    private static readonly string Config = Path.Combine(TestPaths.RepoRoot, "configs", "nightly.yaml");

    [Fact]
    public void NightlyRunsEveryCell()
    {
        Assert.Equal(12, reference.Result.Outcomes.Count);
        Assert.All(reference.Result.Outcomes, o => Assert.Equal(CellState.Complete, o.State));
        Assert.Equal(12 * NightlyReference.Limit, reference.Records.Count);
        // The two arith entries differ only in options: their labels keep their cells (and the fitter's points) apart.
        Assert.Equal(12, reference.Result.Outcomes.Select(o => o.Cell.CellId).Distinct().Count());
        Assert.Equal(12, reference.Records.Select(r => r.Split('\u001f')[0]).Distinct().Count());
    }

    [Fact]
    public void StoppedAtSeededMomentsAndRerunEndsWithTheUninterruptedResults()
    {
        var random = new Random(20261202);
        var output = Path.Combine(reference.Directory, "stopped");
        var stops = 0;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var stop = new CancellationTokenSource();
            // Stop after a seeded number of results (items or answer steps) of this invocation: early, mid-cell, mid-sweep.
            var loader = new CancellingModelLoader(new TorchModelLoader(new CapturingConsole()), stop, random.Next(1, 30));
            try
            {
                var result = Run(output, new SweepOptions(), loader, stop.Token);
                if (result.Summaries.All(s => s.Complete) && result.Outcomes.Count == 12) break;
                stops++;
            }
            catch (OperationCanceledException) { stops++; }
        }
        Assert.True(stops >= 2, $"the sweep was stopped {stops} times");
        Assert.Equal(reference.Records, Records(output));
    }

    /// <summary>3 shards into 3 stores hold exactly the unsharded records, and so does the store <c>merge</c> makes of them.</summary>
    [Fact]
    public void ThreeShardsIntoThreeStoresHoldExactlyTheUnshardedRecordsAndMergeIntoThem()
    {
        var union = new List<string>();
        var cells = new List<string>();
        var shards = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            var output = Path.Combine(reference.Directory, $"shard{i}");
            shards.Add(output);
            var result = Run(output, new SweepOptions(Shard: new ShardSpec(i, 3)), new TorchModelLoader(new CapturingConsole()), CancellationToken.None);
            Assert.NotEmpty(result.Outcomes);
            Assert.True(File.Exists(Path.Combine(output, $"sweep-shard-{i}-of-3.json")));
            cells.AddRange(result.Outcomes.Select(o => o.Cell.Key));
            union.AddRange(Records(output));
        }
        Assert.Equal(reference.Result.Outcomes.Select(o => o.Cell.Key).Order(), cells.Order());
        Assert.Equal(reference.Records, union.Order(StringComparer.Ordinal).ToList());

        var merged = Path.Combine(reference.Directory, "merged");
        StoreMerge.Merge(shards, merged);
        Assert.Equal(reference.Records, Records(merged));
    }

    internal static SweepResult Run(string output, SweepOptions options, IModelLoader models, CancellationToken ct) =>
        new RunJob(models, new SuiteBenchmarkLoader(), new CapturingConsole(), inspector: new TorchCheckpointInspector())
            .Sweep(Config, new RunOverrides(output, NightlyReference.Limit, null, null), options, ct);

    /// <summary>
    /// Every stored item of a store as text, sorted: key, cell, prompt, each sample's completion and answers, the choices, correctness,
    /// tokens, canonical FLOPs and seed. Executed FLOPs are left out: they depend on how items happened to be batched.
    /// </summary>
    internal static IReadOnlyList<string> Records(string output)
    {
        using var store = ResultsStore.TryOpenReadOnly(output) ?? throw new InvalidOperationException($"no store in {output}");
        return store.Cells().SelectMany(cell => store.ReadItems(cell).Select(i => string.Join("\u001f",
                cell, i.Key, i.ItemId, i.ItemIndex, i.Prompt, i.Gold,
                string.Join("\u001e", i.Samples.Select(s => $"{s.SampleIndex}|{s.Completion}|{s.GeneratedTokens}|{s.FinishReason}|{s.StrictAnswer}|{s.FlexibleAnswer}|{s.FlopsCanonical:R}")),
                i.StrictChoice, i.FlexibleChoice, i.CorrectStrict, i.CorrectFlexible, i.PromptTokens, i.GeneratedTokens, i.FlopsCanonical.ToString("R"), i.Seed)))
            .Order(StringComparer.Ordinal).ToList();
    }
}
