using ExperimentHarness.Models;
using ExperimentHarness.Models.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentHarness.Engine;

/// <summary>
/// Log-likelihood of each continuation after a shared context: context and continuation are tokenised
/// separately and concatenated, all options of one item run as one left-padded batch, and the
/// continuation tokens' log-probabilities are summed. FLOPs: a causal prefill of each sequence with
/// logits at the continuation positions (executed: the padded batch with an explicit mask, logits at the
/// longest continuation's window in every row).
/// </summary>
public sealed class TorchContinuationScorer(ICausalLanguageModel model, ITextTokenizer tokenizer) : IContinuationScorer
{
    private readonly FlopLedger _ledger = new(model.Shape);

    public IReadOnlyList<ContinuationScore> Score(string context, IReadOnlyList<string> continuations, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var contextIds = tokenizer.Encode(context);
        if (contextIds.Count == 0) throw new Runner.InputException("log-likelihood scoring needs a non-empty context (nothing predicts the first option token)");
        var sequences = continuations.Select(c =>
        {
            var continuation = tokenizer.Encode(c).Where(id => id != tokenizer.BosId).ToList();
            if (continuation.Count == 0) throw new Runner.InputException($"choice '{c}' encodes to no tokens");
            return (Ids: contextIds.Concat(continuation).ToList(), Continuation: continuation.Count);
        }).ToList();
        var batch = new LeftPaddedBatch(sequences.Select(s => (IReadOnlyList<int>)s.Ids).ToList());
        var (length, rows) = (batch.Length, batch.Rows);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (tokens, positions, _, mask) = batch.ToTensors(model.Device);
        using var cache = new KvCache(model.Shape.Layers, rows, model.Shape.KvHeads, length, model.Shape.HeadDim, model.DType, model.Device);
        // Logits only at the positions that predict continuation tokens: memory is rows × C × V, not rows × T × V.
        var window = sequences.Max(s => s.Continuation);
        var hidden = model.Hidden(tokens, positions, cache, 0, mask);                               // (rows, T, d)
        var logits = model.Logits(hidden.narrow(1, length - window - 1, window));                  // (rows, C, V)
        var logProbs = nn.functional.log_softmax(logits, -1).cpu();
        var scores = new List<ContinuationScore>();
        var executedEach = _ledger.MaskedPrefill(length, logitPositions: window);
        for (var r = 0; r < rows; r++)
        {
            var (ids, count) = sequences[r];
            double sum = 0;
            for (var k = 0; k < count; k++)
            {
                var t = length - count + k;                 // position of continuation token k, predicted at t - 1
                sum += logProbs[r, t - 1 - (length - window - 1), ids[ids.Count - count + k]].item<float>();
            }
            scores.Add(new ContinuationScore(sum, count, new Flops(executedEach, _ledger.CausalPrefill(ids.Count, logitPositions: count))));
        }
        return scores;
    }
}
