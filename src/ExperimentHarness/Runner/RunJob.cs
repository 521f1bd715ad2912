using System.Diagnostics;
using System.Text.Json;
using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExperimentHarness.Runner;

/// <summary>
/// The <c>run</c> job: config → benchmark, stacks, models → cells → results store → summary.json per cell.
/// Each summary is rewritten from the store at the end of its cell, also after Ctrl-C (marked incomplete).
/// </summary>
public sealed class RunJob(IModelLoader models, IBenchmarkLoader benchmarks, IConsoleOutput console, string? cacheRoot = null, ICheckpointInspector? inspector = null,
    ILogger<RunJob>? logger = null)
{
    private readonly ILogger _log = logger ?? NullLogger<RunJob>.Instance;

    public static readonly JsonSerializerOptions SummaryJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    /// <summary>
    /// Runs every cell of the plan (each benchmark × model × stack), models one at a time. One results store
    /// serves the whole output directory; a single cell writes DIR/summary.json, a sweep
    /// DIR/&lt;model&gt;/&lt;stack&gt;/summary.json (DIR/&lt;benchmark&gt;/&lt;model&gt;/&lt;stack&gt; with several benchmarks; the layout
    /// <c>fit --results DIR</c> reads).
    /// </summary>
    public IReadOnlyList<RunSummary> ExecuteAll(string configFile, RunOverrides overrides, CancellationToken ct) =>
        Sweep(configFile, overrides, new SweepOptions(), ct).Summaries;

    /// <summary>
    /// Plans the config (printed first), then, unless <see cref="SweepOptions.DryRun"/>, runs this shard's cells. In a sweep a
    /// cell that fails (<see cref="CellFailures"/>) is recorded with its reason and the rest still run; the outcome of every cell
    /// is written to sweep.json and printed as a table.
    /// </summary>
    public SweepResult Sweep(string configFile, RunOverrides overrides, SweepOptions options, CancellationToken ct)
    {
        var config = Apply(RunConfigReader.Load(configFile), overrides);
        OutputFolder.Check(config.OutputDirectory, overrides.OutputDirectory is null ? $"{configFile}: output directory" : "--out");
        if (config.Fit?.Directory is { } fitDirectory) OutputFolder.Check(fitDirectory, $"{configFile}: key 'fit.dir'");
        var clock = Stopwatch.StartNew();
        // A single-cell run checks its whole input first and reports every problem at once; in a sweep the planner records a
        // benchmark or checkpoint that fails as its cells' failure and the rest still run.
        var checkedInputs = config.IsSweep ? null : RunInputs.Read(config, benchmarks, models);
        var plan = new SweepPlanner(benchmarks, inspector).Build(config, options.Shard, checkedInputs);
        foreach (var b in plan.Benchmarks.Where(b => b.Splits is not null))
            _log.LogDebug("{File}: benchmark {Benchmark} read and planned in {Seconds:F2} s ({Train} train, {Test} test items; {Items} evaluated from split {Split}); " +
                "{Models} model(s) × {Stacks} stack(s); batch_size {BatchSize}, batch_rows {BatchRows}",
                configFile, b.Label, clock.Elapsed.TotalSeconds, b.Splits!.Train.Count, b.Splits.Test.Count, b.Items.Count, b.Spec.Split,
                config.Models.Count, config.Stacks.Count, config.BatchSize, config.BatchRows);
        SweepPlanPrinter.Print(plan, console);
        if (options.DryRun) return new SweepResult(plan, plan.Cells.Select(c => new CellOutcome(c, null, c.Failure)).ToList(), DryRun: true);

        var configText = File.ReadAllText(configFile);
        var outcomes = plan.Cells.ToDictionary(c => c.Key, c => new CellOutcome(c, null, c.Failure));
        // The directory is locked before any model loads, so a second run into it fails at once; the store is opened once the
        // first model has loaded, and a run that fails before that removes the lock (and the folder, if it made it) again.
        var directoryLock = Store.RunDirectoryLock.Acquire(config.OutputDirectory);
        Store.ResultsStore? store = null;
        try
        {
            foreach (var modelCells in plan.Cells.Where(c => c.Failure is null).GroupBy(c => c.ModelName))
            {
                ILoadedModel model;
                try { model = models.Load(modelCells.First().Model, config.BatchRows, ct); }
                catch (Exception e) when (config.IsSweep && CellFailures.IsCellFailure(e))
                {
                    var reason = CellFailures.Reason("checkpoint did not load", e);
                    console.WriteError($"model {modelCells.Key}: {reason}; its cells are skipped");
                    foreach (var cell in modelCells) outcomes[cell.Key] = new CellOutcome(cell, null, reason);
                    continue;
                }
                using (model)
                {
                    if (store is null)
                    {
                        store = Store.ResultsStore.Open(config.OutputDirectory, directoryLock);
                        console.WriteLine($"results: {config.OutputDirectory}");
                    }
                    foreach (var cell in modelCells)
                    {
                        options.BeforeCell?.Invoke(cell);
                        var benchmark = cell.Benchmark;
                        try
                        {
                            var summary = RunCell(config with { Benchmark = benchmark.Spec }, configText, benchmark.Splits!, benchmark.Items, benchmark.Scorer!,
                                model, benchmark.Stacks[cell.StackIndex], store, cell.SummaryDirectory, ct);
                            outcomes[cell.Key] = new CellOutcome(cell, summary, null);
                        }
                        catch (Exception e) when (config.IsSweep && CellFailures.IsCellFailure(e))
                        {
                            var reason = CellFailures.Reason("cell failed", e);
                            console.WriteError($"cell {cell.Key}: {reason}; the sweep goes on");
                            outcomes[cell.Key] = new CellOutcome(cell, null, reason);
                        }
                    }
                }
            }
        }
        finally
        {
            store?.Dispose();
            if (store is null) directoryLock.ReleaseAndRemove();
            else directoryLock.Dispose();
            if (config.IsSweep)
            {
                var result = new SweepResult(plan, plan.Cells.Select(c => outcomes[c.Key]).ToList(), DryRun: false);
                result.Write(config.OutputDirectory);
            }
        }
        var finalResult = new SweepResult(plan, plan.Cells.Select(c => outcomes[c.Key]).ToList(), DryRun: false);
        if (config.IsSweep) finalResult.Print(console);
        if (config.Fit is { } fit && finalResult.Failed.Count == 0 && finalResult.Summaries.All(x => x.Complete)) Fit(config, fit);
        return finalResult;
    }

    /// <summary>The config's <c>fit:</c>: CEG on every summary under the output directory, the table printed as well as written.</summary>
    private void Fit(RunConfig config, FitSpec fit)
    {
        var (data, skipped) = Fitter.ResultsReader.Read(config.OutputDirectory);
        var directory = fit.Directory ?? Path.Combine(config.OutputDirectory, "fit");
        CegReport.Write(data, skipped, new Fitter.FitOptions(fit.Replicates, Baseline: fit.LogLinear ? Fitter.BaselineForm.LogLinear : Fitter.BaselineForm.Auto,
            Extrapolate: fit.Extrapolate), config.OutputDirectory, directory, console);
        console.WriteLine("");
        console.WriteLine(File.ReadAllText(Path.Combine(directory, "ceg.md")));
    }

    private RunSummary RunCell(RunConfig config, string configText, BenchmarkSplits splits, IReadOnlyList<BenchmarkItem> items,
        Scoring.ITaskScorer scorer, ILoadedModel model, EnhancementStack stack, Store.ResultsStore store, string summaryDir, CancellationToken ct)
    {
        var (prepared, oneTime) = stack.Prepare(new PrepareContext(model.Embedder, cacheRoot ?? TorchModelLoader.CacheRoot, items,
            new VerifierCapabilities(model.Engine, scorer, model.HeadTrainer, splits, model.FineTuner)) { NeighbourSearch = model.NeighbourSearch, LoadEmbedder = model.LoadEmbedder, Progress = new PhaseProgressPrinter(console) }, ct);
        foreach (var work in oneTime.Where(w => w.Flops > 0))
        {
            console.WriteLine($"one-time: {work.Description}, {work.Flops:E3} FLOPs ({work.ExecutedThisRun:E3} executed now)");
            if (work.ExecutedThisRun == 0) _log.LogDebug("cache hit: {Work} reused, nothing recomputed", work.Description);
        }
        var sampling = SweepPlanner.SamplingOf(config);
        var cell = new CellSpec(model.Identity, splits, config.Benchmark.Split, items, prepared, scorer, sampling, config.Seed, config.BatchSize, config.Benchmark.Mode);
        console.WriteLine($"cell {cell.Id}: {model.Identity.Name} × {splits.Benchmark}/{config.Benchmark.Split} ({items.Count} items) × stack {stack.Id}");
        store.WriteHeader(cell.Id, JsonSerializer.Serialize(new
        {
            config_file = config.SourceFile,
            config_text = configText,
            model = model.Identity,
            stack = stack.Identity.ElementTexts,
            sampling = prepared.SamplingFor(sampling),      // what the samples are drawn with: a selector's temperature replaces the config's
            versions = ToolVersions.Collect().ToDictionary(v => v.Name, v => v.Version),
        }, SummaryJson));

        var clock = Stopwatch.StartNew();
        var reporter = new ProgressReporter(console);
        CellProgress? last = null;
        RunSummary? summary = null;
        try
        {
            if (config.Benchmark.Mode == RunMode.LogLikelihood)
                new LogLikelihoodCellRunner(model.Scorer).Run(cell, store, p => { last = p; reporter.Report(p); }, ct);
            else
                new CellRunner(model.Engine, model.CostModel).Run(cell, store, p => { last = p; reporter.Report(p); }, ct);
        }
        finally
        {
            // The store may hold more of this cell than this invocation selected (an earlier run without --limit).
            var selected = cell.Items.Select(cell.ItemKey).ToHashSet(StringComparer.Ordinal);
            summary = SummaryBuilder.Build(cell, config, configText, store.ReadItems(cell.Id).Where(i => selected.Contains(i.Key)).ToList(),
                clock.Elapsed.TotalSeconds, last?.GeneratedTokensThisRun ?? 0, last?.ExecutedFlopsThisRun ?? 0, oneTime, model.CostModel);
            AtomicFile.WriteAllText(Path.Combine(summaryDir, "summary.json"), JsonSerializer.Serialize(summary, SummaryJson));
            reporter.Finish(summary);
            var ran = last?.GeneratedThisRun ?? 0;
            _log.LogDebug("cell {Cell} ({Stack}): {Ran} item(s) in {Seconds:F2} s this run ({PerItem:F3} s/item, {Tokens} generated tokens); {Stored} of {Total} stored before this run",
                cell.Id, stack.Id, ran, clock.Elapsed.TotalSeconds, ran > 0 ? clock.Elapsed.TotalSeconds / ran : 0, last?.GeneratedTokensThisRun ?? 0,
                (last?.Finished ?? 0) - ran, cell.Items.Count);
        }
        return summary;
    }

    private static RunConfig Apply(RunConfig config, RunOverrides o) => config with
    {
        OutputDirectory = o.OutputDirectory is null ? config.OutputDirectory : Path.GetFullPath(o.OutputDirectory),
        Benchmark = Apply(config.Benchmark, o),
        BenchmarkList = config.BenchmarkList is null ? null
            : o.DataPath is not null && config.BenchmarkList.Count > 1
                ? throw new InputException($"{config.SourceFile}: --data replaces one benchmark's path, but the config lists {config.BenchmarkList.Count} under 'benchmarks'")
                : config.BenchmarkList.Select(b => Apply(b, o)).ToList(),
        Models = o.ModelPath is not null && config.Models.Count > 1
            ? throw new InputException($"{config.SourceFile}: --model replaces a single model, but the config lists {config.Models.Count} under 'models'")
            : config.Models.Select(m => WithDevice(o.ModelPath is null ? m : m with { Path = Path.GetFullPath(o.ModelPath), Init = null, Lock = null, LockRoot = null, Name = null }, o.Device))
                .Select(m => LockedModelResolver.Resolve(m)).ToList(),
    };

    private static BenchmarkSpec Apply(BenchmarkSpec benchmark, RunOverrides o) => benchmark with
    {
        Limit = o.Limit ?? benchmark.Limit,
        Path = o.DataPath is null ? benchmark.Path : Path.GetFullPath(o.DataPath),
    };

    private static ModelSpec WithDevice(ModelSpec model, string? device) => device is null ? model : model with
    {
        Device = device,
        DType = ConfigDefaults.DTypeFor(device),
    };
}
