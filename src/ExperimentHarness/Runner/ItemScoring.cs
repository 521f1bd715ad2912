using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;
using ExperimentHarness.Scoring;
using ExperimentHarness.Store;

namespace ExperimentHarness.Runner;

/// <summary>
/// Turns one item's generated samples into its stored result: strict and flexible answers per sample, the verifier's
/// scores where the stack has one, the stack's selection, correctness, tokens and FLOPs (generation, per-item plan work
/// such as retrieval, and sample scoring). Samples taken from the store (<paramref name="reuse"/>) are counted apart: their
/// executed FLOPs ran elsewhere, their canonical share is recorded on its own.
/// </summary>
internal static class ItemScoring
{
    public static ItemResult Score(CellSpec cell, PendingItem pending, GenerationRequest request, ItemPlan plan, GenerationResult result, SampleReuse? reuse = null)
    {
        var scorer = cell.Scorer;
        var samples = result.Samples.OrderBy(s => s.SampleIndex).ToList();
        var reused = reuse?.Count ?? 0;
        var strict = samples.Select(s => scorer.Strict.Extract(s.Text)).ToList();
        var flexible = samples.Select(s => scorer.Flexible.Extract(s.Text)).ToList();
        IReadOnlyList<double>? scores = null;
        var scoringFlops = Flops.Zero;
        if (cell.Stack.ScoredSelector is { } verifier)
            (scores, scoringFlops) = verifier.Score(request.Prompt, samples.Select(s => s.Text).ToList(), CancellationToken.None);
        var strictChoice = cell.Stack.Select(strict, request.Seed, scores);
        var flexibleChoice = cell.Stack.Select(flexible, request.Seed, scores);
        var gold = scorer.NormalizeGold(pending.Item.Gold);
        return new ItemResult(
            pending.Key, pending.Item.Id, pending.Index, request.Prompt, gold,
            samples.Select((s, i) => new SampleOutcome(s.SampleIndex, s.Text, s.GeneratedTokens, s.FinishReason,
                strict[i].Value, flexible[i].Value, s.Flops.Executed, s.Flops.Canonical, scores?[i], reuse?.Identities[s.SampleIndex])).ToList(),
            strictChoice, flexibleChoice,
            IsCorrect(scorer, strictChoice, strict, gold),
            IsCorrect(scorer, flexibleChoice, flexible, gold),
            result.PromptTokens,
            samples.Sum(s => s.GeneratedTokens),
            result.Flops.Executed + plan.ExtraFlops.Executed + scoringFlops.Executed,
            result.Flops.Canonical + plan.ExtraFlops.Canonical + scoringFlops.Canonical,
            request.Seed,
            reused,
            samples.Take(reused).Sum(s => s.Flops.Executed),
            samples.Take(reused).Sum(s => s.Flops.Canonical));
    }

    private static bool IsCorrect(ITaskScorer scorer, AnswerChoice choice, IReadOnlyList<ExtractedAnswer> answers, string gold) =>
        choice.Value is { } value && scorer.IsCorrect(new ExtractedAnswer(value, answers.FirstOrDefault()?.Extractor ?? choice.Rule), gold);
}
