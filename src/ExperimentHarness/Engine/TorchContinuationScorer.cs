using ExperimentHarness.Models;
using ExperimentHarness.Models.Tokenization;
using static TorchSharp.torch;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Engine;

/// <summary>
/// Log-likelihood of each continuation after its context: context and continuation are tokenised separately
/// and concatenated; the sequences of many items are sorted by length and packed into left-padded batches within
/// the memory budget's rows (halved on out-of-memory, <see cref="MemoryBudget.InBatches"/>) and <c>maxBatchTokens</c>
/// padded tokens; logits are projected only over the batch's longest continuation window and the continuation
/// tokens' log-probabilities are gathered on the device and summed. FLOPs: canonical, a causal prefill of the sequence with logits at its continuation;
/// executed, the padded masked prefill its row ran with logits over the batch's window.
/// </summary>
/// <param name="budget">The loaded model's shared budget; null: one of its own with the default rows.</param>
public sealed class TorchContinuationScorer(ICausalLanguageModel model, ITextTokenizer tokenizer, MemoryBudget? budget = null, int maxBatchTokens = 16384) : IContinuationScorer
{
    private readonly FlopLedger _ledger = new(model.Shape);
    private readonly MemoryBudget _budget = budget ?? new MemoryBudget();

    public IReadOnlyList<IReadOnlyList<ContinuationScore>> ScoreMany(IReadOnlyList<ContinuationRequest> requests, CancellationToken ct)
    {
        var sequences = new List<(int Item, int Option, List<int> Ids, int Continuation)>();
        for (var r = 0; r < requests.Count; r++)
        {
            var contextIds = tokenizer.Encode(requests[r].Context);
            if (contextIds.Count == 0) throw new InputException("log-likelihood scoring needs a non-empty context (nothing predicts the first option token)");
            for (var o = 0; o < requests[r].Continuations.Count; o++)
            {
                var text = requests[r].Continuations[o];
                var continuation = tokenizer.Encode(text).Where(id => id != tokenizer.BosId).ToList();
                if (continuation.Count == 0) throw new InputException($"choice '{text}' encodes to no tokens");
                sequences.Add((r, o, contextIds.Concat(continuation).ToList(), continuation.Count));
            }
        }
        var scores = requests.Select(r => new ContinuationScore[r.Continuations.Count]).ToArray();
        _budget.InBatches(sequences.Select(s => s.Ids.Count).ToList(), maxBatchTokens, indices =>
        {
            var batch = indices.Select(i => sequences[i]).ToList();
            var logProbabilities = ScoreBatch(batch.Select(s => (IReadOnlyList<int>)s.Ids).ToList(), batch.Select(s => s.Continuation).ToList(), out var executedEach);
            for (var i = 0; i < batch.Count; i++)
                scores[batch[i].Item][batch[i].Option] = new ContinuationScore(logProbabilities[i], batch[i].Continuation,
                    new Flops(executedEach, _ledger.CausalPrefill(batch[i].Ids.Count, logitPositions: batch[i].Continuation)));
        }, batch => $"scoring {batch.Count} option(s) of up to {batch.Max(i => sequences[i].Ids.Count)} tokens (shorten the context or options, or use a smaller model)", ct);
        return scores;
    }

    /// <returns>Per row, the summed log-probability of its last <paramref name="continuations"/>[row] tokens.</returns>
    private double[] ScoreBatch(IReadOnlyList<IReadOnlyList<int>> sequences, IReadOnlyList<int> continuations, out double executedEach)
    {
        var batch = new LeftPaddedBatch(sequences);
        var (length, rows) = (batch.Length, batch.Rows);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (tokens, positions, _, mask) = batch.ToTensors(model.Device);
        using var cache = new KvCache(model.Shape.Layers, rows, model.Shape.KvHeads, length, model.Shape.HeadDim, model.DType, model.Device);
        // Logits only at the positions that predict continuation tokens: memory is rows × C × V, not rows × T × V.
        var window = continuations.Max();
        var hidden = model.Hidden(tokens, positions, cache, 0, mask);                               // (rows, T, d)
        var logProbs = nn.functional.log_softmax(model.Logits(hidden.narrow(1, length - window - 1, window)), -1);   // (rows, C, V)
        // Window position j predicts the token at length - window + j; rows are right-aligned by the left padding.
        var targets = new long[rows * window];
        var counted = new float[rows * window];
        for (var r = 0; r < rows; r++)
            for (var j = window - continuations[r]; j < window; j++)
            {
                targets[r * window + j] = sequences[r][sequences[r].Count - window + j];
                counted[r * window + j] = 1;
            }
        var picked = logProbs.gather(2, tensor(targets, device: model.Device).view(rows, window, 1)).squeeze(2);   // (rows, C)
        var sums = (picked * tensor(counted, device: model.Device).view(rows, window)).sum(1).to(float64).cpu();
        executedEach = _ledger.MaskedPrefill(length, logitPositions: window);
        return sums.data<double>().ToArray();
    }
}
