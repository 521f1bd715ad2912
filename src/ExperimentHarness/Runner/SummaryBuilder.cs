using ExperimentHarness.Config;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Engine;
using ExperimentHarness.Scoring;
using ExperimentHarness.Store;

namespace ExperimentHarness.Runner;

/// <summary>Builds a cell's <see cref="RunSummary"/> from every item in the store (not just this invocation's), so a resumed run's summary covers the whole cell.</summary>
public static class SummaryBuilder
{
    public static RunSummary Build(CellSpec cell, RunConfig config, string configText, IReadOnlyList<ItemResult> items,
        double wallTimeSeconds, long generatedTokensThisRun, double executedFlopsThisRun, IReadOnlyList<OneTimeWork> oneTime, IInferenceCostModel costs)
    {
        var oneTimeFlops = oneTime.Sum(w => w.Flops);
        var n = items.Count;
        var strict = AccuracySummary.Of(items.Count(i => i.CorrectStrict), items.Count(i => i.StrictChoice.Value is null), n);
        var flexible = AccuracySummary.Of(items.Count(i => i.CorrectFlexible), items.Count(i => i.FlexibleChoice.Value is null), n);
        var executedHere = items.Sum(i => i.FlopsExecuted);
        var reuse = new SummaryReuse(items.Sum(i => i.SamplesReused), items.Sum(i => i.Samples.Count),
            items.Sum(i => i.FlopsReusedCanonical), items.Sum(i => i.FlopsReusedExecuted));
        var executed = executedHere + reuse.FlopsExecutedAttributed;
        var majority = MajorityCurve(items, cell.Seed);
        var bestOfK = BestOfKCurve(items);
        var model = cell.Model;
        return new RunSummary(
            new SummaryModel(model.Name, model.Path, model.WeightsSha256, model.Architecture, model.Family, model.TrainingFlops, model.Device, model.DType),
            Benchmark(cell, config.Benchmark.Limit),
            new SummaryStack(cell.Stack.Id, cell.Stack.Hash, cell.Stack.Identity.ElementTexts),
            config.Benchmark.Mode,
            cell.Id,
            n == cell.Items.Count,
            n,
            cell.Items.Count,
            strict.Accuracy,
            strict.Ci95,
            strict,
            flexible,
            majority,
            majority is null ? null : Fitter.SaturatingCurve.Fit(majority),
            bestOfK,
            bestOfK is null ? null : Fitter.SaturatingCurve.Fit(bestOfK),
            new SummaryFlops(executedHere, items.Sum(i => i.FlopsCanonical), n == 0 ? 0 : executed / n, oneTimeFlops),
            Costs(cell, items, executed, oneTimeFlops, costs),
            oneTime.Where(w => w.Flops > 0).ToList(),
            new SummaryTokens(items.Sum(i => (long)i.PromptTokens), items.Sum(i => (long)i.GeneratedTokens)),
            wallTimeSeconds,
            wallTimeSeconds > 0 ? generatedTokensThisRun / wallTimeSeconds : 0,
            wallTimeSeconds > 0 ? executedFlopsThisRun / wallTimeSeconds : 0,
            cell.Seed,
            Generation(cell, config),
            config.SourceFile,
            configText,
            ToolVersions.Collect().ToDictionary(v => v.Name, v => v.Version),
            items.ToDictionary(i => i.ItemId, i => i.CorrectStrict),
            DateTime.UtcNow.ToString("O"),
            reuse);
    }

    /// <summary>What the samples were drawn with: a selector's temperature and top_p replace the config's.</summary>
    private static SummaryGeneration Generation(CellSpec cell, RunConfig config)
    {
        var ran = cell.Stack.SamplingFor(cell.Sampling);
        var from = cell.Stack.Draw is null ? "generation" : cell.Stack.Elements.First(e => e.Role == StackRole.SelectsAnswer).Identity.Text;
        return new SummaryGeneration(ran.MaxNewTokens, ran.Temperature, ran.TopP, ran.Stop, cell.BatchSize,
            config.BatchRows, from);
    }

    private static IReadOnlyList<double>? MajorityCurve(IReadOnlyList<ItemResult> items, int seed) =>
        items.Count == 0 || items.Min(i => i.Samples.Count) < 2 ? null
            : MajorityAtK.Curve(items.Select(i => (IReadOnlyList<string?>)i.Samples.Select(s => s.StrictAnswer).ToList()).ToList(),
                items.Select(i => i.Gold).ToList(), (ulong)seed);

    private static IReadOnlyList<double>? BestOfKCurve(IReadOnlyList<ItemResult> items) =>
        items.Count == 0 || items.Min(i => i.Samples.Count) < 2 || items.Any(i => i.Samples.Any(s => s.VerifierScore is null)) ? null
            : BestOfK.Curve(items.Select(i => (IReadOnlyList<(string?, double)>)i.Samples.Select(s => (s.StrictAnswer, s.VerifierScore!.Value)).ToList()).ToList(),
                items.Select(i => i.Gold).ToList());

    private static SummaryCosts Costs(CellSpec cell, IReadOnlyList<ItemResult> items, double executed, double oneTime, IInferenceCostModel model)
    {
        var byId = cell.Items.ToDictionary(i => i.Id);
        var baseline = items.Sum(i => model.BaselineFlops(PromptFormat.Render(ItemPlan.For(byId[i.ItemId])),
            (int)Math.Round(i.Samples.Average(s => (double)s.GeneratedTokens))));
        var n = Math.Max(1, items.Count);
        return new SummaryCosts(oneTime, cell.Model.TrainingFlops is { } c && c > 0 ? oneTime / c : null, executed / n, baseline / n,
            baseline > 0 ? executed / baseline : 0,
            "zero-shot prompt of each item, one greedy completion of this run's mean sample length, canonical ledger FLOPs");
    }

    /// <summary>Log-likelihood scoring poses every item as a choice among its options, whatever the task's scorer.</summary>
    private static SummaryBenchmark Benchmark(CellSpec cell, int? limit)
    {
        var answers = cell.Scorer.Answers;
        var kind = cell.Mode == RunMode.LogLikelihood ? AnswerKind.MultipleChoice : answers.Kind;
        var options = cell.Items.Select(i => i.Choices?.Count ?? answers.Options ?? 0).ToList();
        return new SummaryBenchmark(cell.Benchmark.Benchmark, cell.Split, SplitSize(cell), limit, kind,
            Fitter.ChanceRates.Of(kind, options, cell.Benchmark.Benchmark)?.Value);
    }

    private static int SplitSize(CellSpec cell) =>
        cell.Split == "train" ? cell.Benchmark.Train.Count : cell.Benchmark.Test.Count;
}
