using ExperimentHarness.Models.Tokenization;

namespace ExperimentHarness.Engine;

/// <summary>The ledger's canonical costs: a zero-shot prompt and one completion (a causal prefill plus its decodes), and a prompt's samples.</summary>
public sealed class LedgerCostModel(FlopLedger ledger, ITextTokenizer tokenizer) : IInferenceCostModel
{
    public double BaselineFlops(string zeroShotPrompt, int generatedTokens)
    {
        var prompt = tokenizer.Encode(zeroShotPrompt).Count;
        return ledger.CausalPrefill(prompt) + ledger.Decode(prompt, Math.Max(0, generatedTokens - 1));
    }

    public CanonicalGeneration Samples(int promptTokens, IReadOnlyList<int> generatedTokens) => ledger.CanonicalSamples(promptTokens, generatedTokens);
}
