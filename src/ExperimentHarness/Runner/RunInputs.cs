using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Runner;

/// <summary>
/// What a run reads before it loads any model: the benchmark's items and scorer, every stack, every checkpoint's
/// config.json. They are checked together and every problem found is reported at once, each line naming the config
/// file and the key or element (exit code 3); the stacks, which draw exemplars from the benchmark's train split,
/// are checked once the benchmark has loaded.
/// </summary>
public sealed record RunInputs(BenchmarkSplits Splits, IReadOnlyList<BenchmarkItem> Items, ITaskScorer Scorer, IReadOnlyList<EnhancementStack> Stacks)
{
    public static RunInputs Read(RunConfig config, IBenchmarkLoader benchmarks, IModelLoader models)
    {
        var file = config.SourceFile;
        var check = new InputCheck($"{file}: invalid input");
        var benchmark = config.Benchmark;
        var splits = check.Try(file, () => benchmarks.Load(new BenchmarkRequest(benchmark.Name, benchmark.Path, benchmark.Options)));
        var scorer = check.Try($"{file}: key 'benchmark'", () => benchmarks.ScorerFor(benchmark.Options.GetValueOrDefault("task", benchmark.Name)));
        var items = splits is null ? null : check.Try(file, () => SelectItems(benchmark, splits));
        var stacks = new List<EnhancementStack>();
        if (splits is not null)
        {
            var context = new StackContext(splits, config.Seed, Path.GetDirectoryName(Path.GetFullPath(file)))
            {
                HashCheckpoint = Models.LoadedCheckpoint.HashWeights,
            };
            for (var i = 0; i < config.Stacks.Count; i++)
            {
                var spec = config.Stacks[i];
                if (check.Try(config.Stacks.Count > 1 ? $"{file}: stacks[{i}]" : file, () => EnhancementCatalog.Build(spec, context)) is { } stack)
                    stacks.Add(stack);
            }
        }
        foreach (var model in config.Models)
            check.Try($"{file}: model '{RunConfigReader.SweepName(model)}'", () => { models.Check(model); return true; });
        check.ThrowIfAny();
        return new RunInputs(splits!, items!, scorer!, stacks);
    }

    /// <summary>The evaluated items: the configured split (the reader accepts only test or train), cut to the limit.</summary>
    internal static IReadOnlyList<BenchmarkItem> SelectItems(BenchmarkSpec spec, BenchmarkSplits splits, string? file = null)
    {
        var pool = spec.Split == "train" ? splits.Train : splits.Test;
        if (pool.Count == 0)
            throw new InputException($"{(file is null ? "" : file + ": ")}benchmark '{splits.Benchmark}' has no items in split '{spec.Split}'");
        return spec.Limit is { } limit ? pool.Take(limit).ToList() : pool;
    }
}
