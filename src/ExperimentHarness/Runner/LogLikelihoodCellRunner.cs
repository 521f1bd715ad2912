using ExperimentHarness.Benchmarks;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Engine;
using ExperimentHarness.Store;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner;

/// <summary>
/// Multiple choice by log-likelihood: the prompt (with any few-shot exemplars) ends at "Answer:", each
/// option is scored as the continuation " {option}", and the submitted letter is the most likely option
/// (<c>acc</c>, stored as the strict answer) and the most likely per character of the option
/// (<c>acc_norm</c>, stored as the flexible answer). Items are scored <c>batch_size</c> at a time, their options
/// packed into shared batches, and each is appended as soon as its chunk is scored.
/// </summary>
public sealed class LogLikelihoodCellRunner(IContinuationScorer scorer)
{
    public CellProgress Run(CellSpec cell, ResultsStore store, Action<CellProgress>? onProgress, CancellationToken ct)
    {
        if (cell.Stack.Elements.FirstOrDefault(e => e is not FewShot) is { } bad)
            throw new InputException($"stack element '{bad.Identity}' cannot be used with benchmark.mode loglikelihood (only fewshot shapes a log-likelihood prompt; there are no samples to reason over or vote on)");
        if (cell.Items.FirstOrDefault(i => i.Choices is not { Count: > 1 }) is { } bare)
            throw new InputException($"item '{bare.Id}' has no options: benchmark.mode loglikelihood needs multiple-choice items (choices_field)");
        return CellLoop.Run(cell, store, new OptionScoring(scorer, cell), onProgress, ct);
    }

    /// <summary>Items are scored batch_size at a time (their options share padded batches) and each is stored at once.</summary>
    private sealed class OptionScoring(IContinuationScorer scorer, CellSpec cell) : ICellWork
    {
        public void Run(IReadOnlyList<PendingItem> chunk, Action<ItemResult> finished, CancellationToken ct)
        {
            var prompts = chunk.Select(p => Prompt(cell, p.Item)).ToList();
            var scored = scorer.ScoreMany(chunk.Select((p, c) => new ContinuationRequest(prompts[c], p.Item.Choices!.Select(o => " " + o).ToList())).ToList(), ct);
            for (var c = 0; c < chunk.Count; c++)
            {
                var (item, i, key) = chunk[c];
                var choices = item.Choices!;
                var scores = scored[c];
                var best = ArgMax(scores.Select(s => s.LogProbability).ToList());
                var bestPerChar = ArgMax(scores.Select((s, k) => s.LogProbability / Math.Max(1, choices[k].Length + 1)).ToList());
                var gold = cell.Scorer.NormalizeGold(item.Gold);
                var samples = scores.Select((s, k) => new SampleOutcome(k, choices[k], s.Tokens, "loglikelihood", Letter(k), Letter(k), s.Flops.Executed, s.Flops.Canonical)).ToList();
                finished(new ItemResult(key, item.Id, i, prompts[c], gold, samples,       // no generated tokens: GeneratedTokens is 0
                    new AnswerChoice(Letter(best), best, "max-loglikelihood"), new AnswerChoice(Letter(bestPerChar), bestPerChar, "max-loglikelihood-per-char"),
                    Letter(best) == gold, Letter(bestPerChar) == gold, 0, 0,
                    scores.Sum(s => s.Flops.Executed), scores.Sum(s => s.Flops.Canonical), cell.ItemSeed(item)));
            }
        }
    }

    // The prompt poses the bare question (exemplars too): the options are the continuations scored.
    private static string Prompt(CellSpec cell, BenchmarkItem item) =>
        PromptFormat.Render(cell.Stack.Plan(item.WithoutChoices()) with { Exemplars = cell.Stack.Plan(item).Exemplars.Select(e => e.WithoutChoices()).ToList() });

    private static string Letter(int index) => ((char)('A' + index)).ToString();

    private static int ArgMax(IReadOnlyList<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Count; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
