using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner;

/// <summary>
/// A cell's inference FLOPs before it runs, from the ledger's canonical formulas (DESIGN.md "FLOP accounting") and the
/// model's own tokenizer: per item one causal prefill of the rendered prompt, and per sample every one of
/// <c>max_new_tokens</c> decoded (completions that stop early cost less; padded batches execute more), plus zero-shot CoT's answer step;
/// in log-likelihood mode one causal forward of prompt + option per option. One-time work (a retrieval index, verifier
/// training) and exemplars that only preparation chooses (retrieval) are not included, so such stacks are underestimated.
/// </summary>
public static class CellFlopEstimate
{
    public static double Of(FlopLedger ledger, Models.Tokenization.ITextTokenizer tokenizer, IReadOnlyList<BenchmarkItem> items,
        EnhancementStack stack, SamplingOptions sampling, RunMode mode)
    {
        var total = 0.0;
        foreach (var item in items)
        {
            var plan = stack.PlanBeforePreparation(item);
            var prompt = tokenizer.Encode(PromptFormat.Render(plan)).Count;
            if (mode == RunMode.LogLikelihood)
            {
                foreach (var choice in item.Choices ?? [])
                {
                    var option = tokenizer.Encode(" " + choice).Count;
                    total += ledger.CausalPrefill(prompt + option, logitPositions: option);
                }
                continue;
            }
            var steps = Math.Max(0, sampling.MaxNewTokens - 1);
            total += ledger.CausalPrefill(prompt) + plan.Samples * ledger.Decode(prompt, steps);
            if (plan.FollowUp is { } followUp)
            {
                var context = prompt + sampling.MaxNewTokens + tokenizer.Encode(followUp.Cue).Count;
                total += plan.Samples * (ledger.CausalPrefill(context) + ledger.Decode(context, followUp.MaxNewTokens - 1));
            }
        }
        return total;
    }
}
