using System.Globalization;
using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner;

/// <summary>
/// Expands a config into its <see cref="SweepPlan"/>: loads each benchmark and builds the stacks on it, inspects each
/// checkpoint (hash, ledger, tokenizer; no weights loaded), reads which cells the output directory's store already holds
/// and estimates every cell's FLOPs; then keeps this process's shard. It writes nothing. In a sweep a benchmark or
/// checkpoint that fails (<see cref="CellFailures"/>) fails its cells in the plan; a single-cell run lets the error end the run.
/// </summary>
public sealed class SweepPlanner(IBenchmarkLoader benchmarks, ICheckpointInspector? inspector)
{
    /// <param name="checkedInputs">A single-cell run's inputs, already read and checked by <see cref="RunInputs"/>: used as they are,
    /// not read a second time.</param>
    public SweepPlan Build(RunConfig config, ShardSpec? shard, RunInputs? checkedInputs = null)
    {
        var planned = config.Benchmarks.Select(b => LoadBenchmark(config, b, checkedInputs)).ToList();
        var models = config.Models.Select(m => (Spec: m, Name: RunConfigReader.SweepName(m), Facts: Inspect(config, m))).ToList();
        var sampling = SamplingOf(config);
        using var store = Store.ResultsStore.TryOpenReadOnly(config.OutputDirectory);
        var cells = new List<PlannedCell>();
        foreach (var benchmark in planned)
            foreach (var (spec, name, facts) in models)
                for (var s = 0; s < config.Stacks.Count; s++)
                {
                    var stackText = config.Stacks[s].Count == 0 ? "none" : string.Join("+", config.Stacks[s]);
                    var stack = benchmark.Failure is null ? benchmark.Stacks[s] : null;
                    var summaryDirectory = !config.IsSweep ? config.OutputDirectory
                        : config.Benchmarks.Count == 1 ? Path.Combine(config.OutputDirectory, Slug(name), Slug(stack?.Id ?? stackText))
                        : Path.Combine(config.OutputDirectory, Slug(benchmark.Label), Slug(name), Slug(stack?.Id ?? stackText));
                    string? cellId = null;
                    var finished = 0;
                    double? estimate = null;
                    if (stack is not null && facts.Facts is { } f)
                    {
                        var cell = new CellKeys(f.WeightsSha256, benchmark.Splits!.Benchmark, benchmark.Spec.Split, stack.Id, sampling, config.Seed, benchmark.Spec.Mode);
                        cellId = cell.Id;
                        if (store is not null)
                        {
                            var stored = store.FinishedKeys(cell.Id);
                            finished = benchmark.Items.Count(i => stored.Contains(cell.ItemKey(i)));
                        }
                        estimate = CellFlopEstimate.Of(f.Ledger, f.Tokenizer, benchmark.Items, stack, sampling, benchmark.Spec.Mode);
                    }
                    cells.Add(new PlannedCell($"{benchmark.Label}/{name}/{stackText}", benchmark, spec, name, s, stack?.Id ?? stackText,
                        summaryDirectory, benchmark.Items.Count, cellId, finished, estimate, benchmark.Failure ?? facts.Failure));
                }
        var mine = shard is null ? cells : InShard(cells, shard);
        return new SweepPlan(Path.GetFullPath(config.SourceFile), config.OutputDirectory, planned, cells, mine, shard, MeasuredThroughput.Latest(config.OutputDirectory));
    }

    public static SamplingOptions SamplingOf(RunConfig config) =>
        new(config.Generation.MaxNewTokens, config.Generation.Temperature, config.Generation.TopP, config.Generation.Stop);

    /// <summary>Cells without an estimate weigh the mean of the known estimates (1 when none is known), so the split stays defined.</summary>
    private static List<PlannedCell> InShard(IReadOnlyList<PlannedCell> cells, ShardSpec shard)
    {
        var known = cells.Where(c => c.EstimatedFlops is not null).Select(c => c.EstimatedFlops!.Value).ToList();
        var fallback = known.Count > 0 ? known.Average() : 1.0;
        var assignment = ShardAssignment.Assign(cells.Select(c => (c.Key, c.EstimatedFlops ?? fallback)).ToList(), shard.Count);
        return cells.Where(c => assignment[c.Key] == shard.Index).ToList();
    }

    private PlannedBenchmark LoadBenchmark(RunConfig config, BenchmarkSpec spec, RunInputs? checkedInputs)
    {
        var label = RunConfigReader.BenchmarkLabel(spec, config.Benchmarks);
        // Two entries of one suite (e.g. arith with different options) are told apart by their labels: the label names the
        // benchmark in cell keys and summaries, so their cells never share an id and the fitter sees two benchmarks.
        BenchmarkSplits Named(BenchmarkSplits splits) => label == spec.Name ? splits : splits with { Benchmark = label };
        if (checkedInputs is not null)
            return new PlannedBenchmark(spec, label, Named(checkedInputs.Splits), checkedInputs.Items, checkedInputs.Scorer, checkedInputs.Stacks, null);
        BenchmarkSplits splits;
        IReadOnlyList<BenchmarkItem> items;
        Scoring.ITaskScorer scorer;
        try
        {
            splits = Named(benchmarks.Load(new BenchmarkRequest(spec.Name, spec.Path, spec.Options)));
            items = RunInputs.SelectItems(spec, splits, config.SourceFile);
            scorer = benchmarks.ScorerFor(spec.Options.GetValueOrDefault("task", spec.Name));
        }
        catch (Exception e) when (config.IsSweep && CellFailures.IsCellFailure(e))
        {
            return new PlannedBenchmark(spec, label, null, [], null, [], CellFailures.Reason($"benchmark {label}", e));
        }
        // Every stack is built before any model loads, so a bad stack fails the run at once (a config error, not a cell's).
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(config.SourceFile));
        var context = new StackContext(splits, config.Seed, baseDirectory) { HashCheckpoint = Models.LoadedCheckpoint.HashWeights };
        var stacks = config.Stacks.Select(s => EnhancementCatalog.Build(s, context)).ToList();
        return new PlannedBenchmark(spec, label, splits, items, scorer, stacks, null);
    }

    private (CheckpointFacts? Facts, string? Failure) Inspect(RunConfig config, ModelSpec spec)
    {
        if (inspector is null) return (null, null);
        try { return (inspector.Inspect(spec), null); }
        catch (Exception e) when (CellFailures.IsCellFailure(e))
        {
            // A single-cell run reports the checkpoint's error when it loads it, as before.
            return config.IsSweep ? (null, CellFailures.Reason("checkpoint did not load", e)) : (null, null);
        }
    }

    public static string Slug(string text)
    {
        var slug = string.Concat(text.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        return slug.Length <= 80 ? slug : slug[..64] + "_" + ContentHash.Of(text)[..12];
    }

    public static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
