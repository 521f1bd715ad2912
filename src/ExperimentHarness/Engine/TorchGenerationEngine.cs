using ExperimentHarness.Models;
using ExperimentHarness.Models.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentHarness.Engine;

/// <summary>
/// Batched generation on a TorchSharp model. Requests are sorted by prompt length and grouped into
/// batches of at most <c>maxRows</c> sample rows. Each distinct prompt is prefilled once (left-padded);
/// its KV cache is then copied to the rows of its samples, and all rows decode together, one dispose
/// scope per step, writing the preallocated cache in place. Once a quarter of the rows still computed have
/// finished, they are dropped from the cache (one gather), so long tails do not pay for finished rows.
/// A batch that runs out of device memory is retried in halves and later batches are kept under the lowered limit.
/// </summary>
/// <param name="dropFinishedRows">False keeps every row to the end of its batch (only for measuring what dropping saves).</param>
public sealed class TorchGenerationEngine(ICausalLanguageModel model, ITextTokenizer tokenizer, int maxRows = 32, bool dropFinishedRows = true) : IGenerationEngine
{
    private readonly FlopLedger _ledger = new(model.Shape);
    private int _rowLimit = maxRows;

    public FlopLedger Ledger => _ledger;

    /// <summary>The most sample rows a batch may hold now: <c>maxRows</c>, halved after each out-of-memory failure.</summary>
    public int RowLimit => _rowLimit;

    /// <summary>Raised with the new row limit when a batch ran out of memory and is retried in halves.</summary>
    public event Action<int>? RowLimitLowered;

    public IEnumerable<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken ct)
    {
        var encoded = requests.Select(r => (Request: r, Tokens: tokenizer.Encode(r.Prompt))).OrderBy(e => e.Tokens.Count).ToList();
        var batch = new List<(GenerationRequest, IReadOnlyList<int>)>();
        var rows = 0;
        foreach (var entry in encoded)
        {
            if (batch.Count > 0 && rows + entry.Request.Samples > _rowLimit)
            {
                foreach (var result in RunWithBackoff(batch, ct)) yield return result;
                batch.Clear();
                rows = 0;
            }
            batch.Add(entry);
            rows += entry.Request.Samples;
        }
        if (batch.Count > 0)
            foreach (var result in RunWithBackoff(batch, ct)) yield return result;
    }

    /// <summary>
    /// Runs a batch; when the device runs out of memory, lowers the row limit for the rest of the run and
    /// retries the batch in two halves (nothing of a failed batch has been returned, so nothing is lost or
    /// repeated, and per-sample seeds make the retried samples the same).
    /// </summary>
    private IReadOnlyList<GenerationResult> RunWithBackoff(IReadOnlyList<(GenerationRequest Request, IReadOnlyList<int> Tokens)> batch, CancellationToken ct)
    {
        try
        {
            return RunBatch(batch, ct);
        }
        catch (Exception e) when (IsOutOfMemory(e))
        {
            var rows = batch.Sum(b => b.Request.Samples);
            if (batch.Count == 1)
                throw new InsufficientMemoryException(
                    $"out of memory generating {rows} sample(s) of one {batch[0].Tokens.Count}-token prompt with up to {batch[0].Request.Sampling.MaxNewTokens} new tokens " +
                    $"(lower the samples per item, max_new_tokens or the model size): {e.Message}", e);
            _rowLimit = Math.Max(1, Math.Min(_rowLimit, rows) / 2);
            RowLimitLowered?.Invoke(_rowLimit);
            var half = batch.Count / 2;
            return [.. RunWithBackoff(batch.Take(half).ToList(), ct), .. RunWithBackoff(batch.Skip(half).ToList(), ct)];
        }
    }

    private static bool IsOutOfMemory(Exception e) =>
        e is OutOfMemoryException
        || e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("can't allocate memory", StringComparison.OrdinalIgnoreCase);

    private IReadOnlyList<GenerationResult> RunBatch(IReadOnlyList<(GenerationRequest Request, IReadOnlyList<int> Tokens)> batch, CancellationToken ct)
    {
        using var noGrad = no_grad();
        var state = new BatchState(batch, tokenizer);
        var maxNew = batch.Max(b => b.Request.Sampling.MaxNewTokens);
        var paddedPrompt = batch.Max(b => b.Tokens.Count);
        var capacity = paddedPrompt + maxNew;
        var device = model.Device;

        var validKeys = zeros(state.Rows, capacity, ScalarType.Bool, device).DetachFromDisposeScope();   // (rows, S): false for left pads
        KvCache? cache = null;
        try
        {
            using (var scope = NewDisposeScope())
            {
                var (tokens, positions, valid, mask) = new LeftPaddedBatch(batch.Select(b => b.Tokens).ToList()).ToTensors(device);
                using var promptCache = new KvCache(model.Shape.Layers, batch.Count, model.Shape.KvHeads, capacity, model.Shape.HeadDim, model.DType, device);
                var logits = model.Forward(tokens, positions, promptCache, 0, mask, lastOnly: true);   // (B_u, 1, V)
                var rowPrompt = tensor(state.RowPrompt.Select(i => (long)i).ToArray(), device: device);
                cache = promptCache.Gather(rowPrompt);
                validKeys.narrow(1, 0, paddedPrompt).copy_(valid.index_select(0, rowPrompt));
                for (var p = 0; p < batch.Count; p++) state.ChargePrefill(p, _ledger.MaskedPrefill(paddedPrompt), _ledger.CausalPrefill(batch[p].Tokens.Count));
                Accept(state, logits.squeeze(1).index_select(0, rowPrompt));
            }
            for (var step = 0; step < maxNew - 1 && !state.AllFinished; step++)
            {
                ct.ThrowIfCancellationRequested();
                if (dropFinishedRows && state.CompactRows() is { } keep)
                    (cache, validKeys) = DropFinishedRows(cache, validKeys, keep, device);
                using var scope = NewDisposeScope();
                var offset = paddedPrompt + step;
                validKeys.narrow(1, offset, 1).fill_(true);
                var tokens = tensor(state.LastTokens(), device: device).unsqueeze(1);                      // (rows, 1)
                var positions = tensor(state.Positions(step), device: device).unsqueeze(1);                // (rows, 1)
                var mask = validKeys.narrow(1, 0, offset + 1).unsqueeze(1).unsqueeze(1);                   // (rows, 1, 1, S)
                var logits = model.Forward(tokens, positions, cache, offset, mask, lastOnly: true);        // (rows, 1, V)
                state.ChargeDecodeStep(_ledger.Forward(offset + 1, logits: true));
                Accept(state, logits.squeeze(1));
            }
        }
        finally
        {
            cache?.Dispose();
            validKeys.Dispose();
        }
        state.FinishAll();
        return state.Results(_ledger);
    }

    private static (KvCache Cache, Tensor ValidKeys) DropFinishedRows(KvCache cache, Tensor validKeys, long[] keep, Device device)
    {
        using var index = tensor(keep, device: device);
        var smaller = cache.Gather(index);
        var keys = validKeys.index_select(0, index).DetachFromDisposeScope();
        cache.Dispose();
        validKeys.Dispose();
        return (smaller, keys);
    }

    // Greedy batches copy only the chosen ids off the device; sampled ones need each row's distribution.
    private static void Accept(BatchState state, Tensor logits)
    {
        if (state.AllGreedy) state.Accept(logits.argmax(-1).cpu().data<long>().ToArray());
        else state.Accept(logits.cpu());
    }
}
