using ExperimentHarness.Models;
using ExperimentHarness.Models.Tokenization;
using static TorchSharp.torch;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Engine;

/// <summary>
/// A fixed set of row slots decoding many prompts with refill: prompts wait in length order; whenever enough
/// slots are free (a quarter of them, or all) the next prompts are prefilled together (left-padded, once per
/// prompt) and their KV copied into free slots, each row at its own depth; every step decodes all slots, each
/// writing its own cache position; a prompt's result is returned as soon as all its samples have ended. When
/// no prompt waits, finished rows are dropped once a quarter of the slots are idle (one gather). Without refill
/// (static batches, for comparison) prompts are admitted only into an empty batch.
/// Executed FLOPs: each prompt pays its padded prefill and, per step, its rows' share of the step (idle slots'
/// work is split among the rows that were still decoding).
/// </summary>
internal sealed class DecodeSession : IDisposable
{
    private readonly ICausalLanguageModel _model;
    private readonly ITextTokenizer _tokenizer;
    private readonly FlopLedger _ledger;
    private readonly Queue<PromptInFlight> _waiting;
    private readonly bool _refill;
    private List<PromptInFlight> _admitting = [];
    private readonly long _capacity;
    private DecodeRow?[] _slots;
    private KvCache _cache;
    private Tensor _validKeys;                 // (slots, capacity): which cache positions each slot may attend to

    public DecodeSession(ICausalLanguageModel model, ITextTokenizer tokenizer, FlopLedger ledger,
        IReadOnlyList<(GenerationRequest Request, IReadOnlyList<int> Tokens)> prompts, int rowLimit, bool refill)
    {
        _model = model;
        _tokenizer = tokenizer;
        _ledger = ledger;
        _refill = refill;
        _waiting = new Queue<PromptInFlight>(prompts.OrderBy(p => p.Tokens.Count).Select(p => new PromptInFlight(p.Request, p.Tokens)));
        _capacity = prompts.Max(p => p.Tokens.Count + p.Request.Sampling.MaxNewTokens);
        // Never more slots than samples, never fewer than the largest prompt's samples (they are prefilled together).
        var rows = Math.Max(Math.Min(rowLimit, prompts.Sum(p => p.Request.Samples)), prompts.Max(p => p.Request.Samples));
        Rows = rows;
        (_slots, _cache, _validKeys) = Open(rows);
    }

    /// <summary>Empty slots with their cache and key mask. An idle slot is fed position 0 each step, which marks that key valid, so no softmax row is ever empty.</summary>
    private (DecodeRow?[], KvCache, Tensor) Open(int rows) => (new DecodeRow?[rows],
        new KvCache(_model.Shape.Layers, rows, _model.Shape.KvHeads, _capacity, _model.Shape.HeadDim, _model.DType, _model.Device),
        zeros(rows, _capacity, ScalarType.Bool, _model.Device).DetachFromDisposeScope());

    /// <summary>Slots this session was opened with.</summary>
    public int Rows { get; }

    public bool Done => _waiting.Count == 0 && _slots.All(s => s is null || s.Finished);

    /// <summary>Prompts without a result yet (decoding or waiting), to run again after a failed step.</summary>
    public IReadOnlyList<(GenerationRequest Request, IReadOnlyList<int> Tokens)> Unfinished =>
        _admitting.Concat(_slots.Where(s => s is not null).Select(s => s!.Prompt)).Where(p => !p.Done).Distinct()
            .Concat(_waiting).Select(p => (p.Request, p.Tokens)).ToList();

    /// <summary>Admits waiting prompts into free slots, decodes one token in every slot, and returns the prompts that finished.</summary>
    public IReadOnlyList<GenerationResult> Step(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var noGrad = no_grad();
        var results = new List<GenerationResult>();
        Admit(results);
        if (_waiting.Count == 0 || !_refill) DropIdleSlots();
        if (_slots.Any(s => s is { Finished: false })) Decode(results);
        return results;
    }

    private bool Idle(int slot) => _slots[slot] is null || _slots[slot]!.Finished;

    private void Admit(List<GenerationResult> results)
    {
        var busy = _slots.Count(s => s is { Finished: false });
        if (_waiting.Count == 0 || (busy > 0 && (!_refill || (_slots.Length - busy) * 4 < _slots.Length))) return;
        if (busy == 0 && _slots.Length < Rows) Reopen();     // a static batch shrank as its rows finished
        var free = Enumerable.Range(0, _slots.Length).Where(Idle).ToList();
        var admitted = new List<PromptInFlight>();
        var taken = 0;
        while (_waiting.Count > 0 && taken + _waiting.Peek().Request.Samples <= free.Count)
        {
            var prompt = _waiting.Dequeue();
            admitted.Add(prompt);
            taken += prompt.Request.Samples;
        }
        if (admitted.Count == 0) return;
        _admitting = admitted;                 // until they hold slots, a failure must not lose them

        using var scope = NewDisposeScope();
        var device = _model.Device;
        var batch = new LeftPaddedBatch(admitted.Select(p => p.Tokens).ToList());
        using var promptCache = new KvCache(_model.Shape.Layers, batch.Rows, _model.Shape.KvHeads, batch.Length, _model.Shape.HeadDim, _model.DType, device);
        var logits = ChunkedPrefill.LastLogits(_model, batch, promptCache);   // (B_u, V)
        var next = 0;
        var rows = new List<(DecodeRow Row, int Prompt)>();
        for (var p = 0; p < admitted.Count; p++)
        {
            var prompt = admitted[p];
            var length = prompt.Tokens.Count;
            prompt.Executed += _ledger.ChunkedPrefill(batch.Length, ChunkedPrefill.ChunkTokensFor(_model.Shape));
            for (var s = 0; s < prompt.Request.Samples; s++)
            {
                var slot = free[next++];
                _slots[slot]?.Dispose();
                _cache.CopyRowPrefix(slot, promptCache, p, batch.Length - length, length);
                var keys = _validKeys[slot];
                keys.fill_(PinnedScalars.False);
                keys.narrow(0, 0, length).fill_(PinnedScalars.True);
                var row = new DecodeRow(prompt, s);
                _slots[slot] = row;
                rows.Add((row, p));
            }
        }
        _admitting = [];
        Accept(rows.Select(r => r.Row).ToList(), logits.index_select(0, tensor(rows.Select(r => (long)r.Prompt).ToArray(), device: device)));
        Collect(admitted, results);
    }

    private void Decode(List<GenerationResult> results)
    {
        using var scope = NewDisposeScope();
        var device = _model.Device;
        var rows = _slots.Length;
        var active = Enumerable.Range(0, rows).Where(i => !Idle(i)).ToList();
        var position = new long[rows];
        var token = new long[rows];
        foreach (var i in active) (position[i], token[i]) = (_slots[i]!.Position, _slots[i]!.LastToken);
        var view = active.Max(i => position[i]) + 1;
        var where = tensor(position, device: device);
        _validKeys.scatter_(1, where.unsqueeze(1), ones(rows, 1, ScalarType.Bool, device));
        var mask = _validKeys.narrow(1, 0, view).view(rows, 1, 1, view);
        _cache.WriteAtRowPositions(where, view);
        Tensor logits;
        try
        {
            logits = _model.Forward(tensor(token, device: device).unsqueeze(1), where.unsqueeze(1), _cache, 0, mask, lastOnly: true).squeeze(1);
        }
        finally
        {
            _cache.WriteAtRowPositions(null, 0);
        }
        var share = rows * _ledger.Forward(view, logits: true) / active.Count;
        foreach (var i in active) _slots[i]!.Prompt.Executed += share;
        var decoding = active.Select(i => _slots[i]!).ToList();
        Accept(decoding, active.Count == rows ? logits : logits.index_select(0, tensor(active.Select(i => (long)i).ToArray(), device: device)));
        Collect(decoding.Select(r => r.Prompt).Distinct().ToList(), results);
    }

    /// <param name="logits">(rows, V): each row's next-token logits.</param>
    private void Accept(IReadOnlyList<DecodeRow> rows, Tensor logits)
    {
        if (rows.All(r => r.Greedy))
        {
            var ids = logits.argmax(-1).cpu().data<long>().ToArray();
            for (var i = 0; i < rows.Count; i++) rows[i].Accept((int)ids[i], _tokenizer);
            return;
        }
        using var cpu = logits.cpu();
        for (var i = 0; i < rows.Count; i++)
        {
            var sampling = rows[i].Prompt.Request.Sampling;
            using var row = cpu[i];
            rows[i].Accept((int)TokenSampler.Next(row, sampling.Temperature, sampling.TopP, rows[i].Generator), _tokenizer);
        }
    }

    private void Collect(IReadOnlyList<PromptInFlight> prompts, List<GenerationResult> results)
    {
        // A prompt's rows are all idle once it is done, so it is never collected twice.
        results.AddRange(prompts.Where(p => p.Done).Select(p => p.Result(_ledger)));
    }

    private void Reopen()
    {
        Dispose();
        (_slots, _cache, _validKeys) = Open(Rows);
    }

    /// <summary>With nothing waiting, removes idle slots once they are a quarter of all (the KV copy happens O(log rows) times).</summary>
    private void DropIdleSlots()
    {
        var keep = Enumerable.Range(0, _slots.Length).Where(i => !Idle(i)).ToList();
        var idle = _slots.Length - keep.Count;
        if (keep.Count == 0 || idle == 0 || idle * 4 < _slots.Length) return;
        using var index = tensor(keep.Select(i => (long)i).ToArray(), device: _model.Device);
        var cache = _cache.Gather(index);
        var valid = _validKeys.index_select(0, index).DetachFromDisposeScope();
        foreach (var i in Enumerable.Range(0, _slots.Length).Where(Idle)) _slots[i]?.Dispose();
        _cache.Dispose();
        _validKeys.Dispose();
        (_cache, _validKeys, _slots) = (cache, valid, keep.Select(i => _slots[i]).ToArray());
    }

    public void Dispose()
    {
        foreach (var slot in _slots) slot?.Dispose();
        _cache.Dispose();
        _validKeys.Dispose();
    }
}
