using ExperimentHarness.Models;
using ExperimentHarness.Models.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentHarness.Engine;

/// <summary>
/// Log-likelihood of each continuation after a shared context: context and continuation are tokenised
/// separately and concatenated, all options of one item run as one left-padded batch, and the
/// continuation tokens' log-probabilities are summed. FLOPs: a causal prefill of each sequence with
/// logits at the continuation positions (executed: the padded batch with an explicit mask).
/// </summary>
public sealed class TorchContinuationScorer(ICausalLanguageModel model, ITextTokenizer tokenizer) : IContinuationScorer
{
    private readonly FlopLedger _ledger = new(model.Shape);

    public IReadOnlyList<ContinuationScore> Score(string context, IReadOnlyList<string> continuations, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var contextIds = tokenizer.Encode(context);
        var sequences = continuations.Select(c =>
        {
            var continuation = tokenizer.Encode(c).Where(id => id != tokenizer.BosId).ToList();
            if (continuation.Count == 0) throw new Runner.InputException($"choice '{c}' encodes to no tokens");
            return (Ids: contextIds.Concat(continuation).ToList(), Continuation: continuation.Count);
        }).ToList();
        var length = sequences.Max(s => s.Ids.Count);
        var rows = sequences.Count;
        var tokens = new long[rows * length];
        var positions = new long[rows * length];
        var valid = new bool[rows * length];
        for (var r = 0; r < rows; r++)
        {
            var pad = length - sequences[r].Ids.Count;
            for (var t = 0; t < length; t++)
            {
                tokens[r * length + t] = t < pad ? 0 : sequences[r].Ids[t - pad];
                positions[r * length + t] = Math.Max(0, t - pad);
                valid[r * length + t] = t >= pad;
            }
        }
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = model.Device;
        var validKeys = tensor(valid, device: device).view(rows, length);
        var mask = (ones(length, length, ScalarType.Bool, device).tril().unsqueeze(0) & validKeys.unsqueeze(1))
                   | eye(length, dtype: ScalarType.Bool, device: device).unsqueeze(0);
        using var cache = new KvCache(model.Shape.Layers, rows, model.Shape.KvHeads, length, model.Shape.HeadDim, model.DType, device);
        var logits = model.Forward(tensor(tokens, device: device).view(rows, length), tensor(positions, device: device).view(rows, length),
            cache, 0, mask.unsqueeze(1), lastOnly: false);                                     // (rows, T, V)
        var logProbs = nn.functional.log_softmax(logits, -1).cpu();
        var scores = new List<ContinuationScore>();
        var executedEach = _ledger.MaskedPrefill(length, logitPositions: length);
        for (var r = 0; r < rows; r++)
        {
            var (ids, count) = sequences[r];
            double sum = 0;
            for (var k = 0; k < count; k++)
            {
                var t = length - count + k;                 // position of continuation token k
                sum += logProbs[r, t - 1, ids[ids.Count - count + k]].item<float>();
            }
            scores.Add(new ContinuationScore(sum, count, new Flops(executedEach, _ledger.CausalPrefill(ids.Count, logitPositions: count))));
        }
        return scores;
    }
}
