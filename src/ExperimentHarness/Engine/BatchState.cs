using ExperimentHarness.Models.Tokenization;
using static TorchSharp.torch;

namespace ExperimentHarness.Engine;

/// <summary>
/// The per-row bookkeeping of one generation batch: which prompt and sample each row is, the tokens
/// generated so far, when and why each row finished, and the FLOPs charged to each prompt.
/// </summary>
internal sealed class BatchState
{
    private readonly IReadOnlyList<(GenerationRequest Request, IReadOnlyList<int> Tokens)> _batch;
    private readonly ITextTokenizer _tokenizer;
    private readonly List<int>[] _generated;
    private readonly string?[] _finish;
    private readonly string[] _text;
    private readonly Generator?[] _generators;
    private readonly double[] _executed;
    private readonly double[] _canonicalPrefill;
    private int[] _active;

    public BatchState(IReadOnlyList<(GenerationRequest Request, IReadOnlyList<int> Tokens)> batch, ITextTokenizer tokenizer)
    {
        _batch = batch;
        _tokenizer = tokenizer;
        var rowPrompt = new List<int>();
        var rowSample = new List<int>();
        for (var p = 0; p < batch.Count; p++)
            for (var s = 0; s < batch[p].Request.Samples; s++) { rowPrompt.Add(p); rowSample.Add(s); }
        RowPrompt = rowPrompt;
        RowSample = rowSample;
        Rows = rowPrompt.Count;
        _generated = Enumerable.Range(0, Rows).Select(_ => new List<int>()).ToArray();
        _finish = new string?[Rows];
        _text = new string[Rows];
        _generators = Enumerable.Range(0, Rows).Select(r =>
            batch[rowPrompt[r]].Request.Sampling.Temperature > 0 ? TokenSampler.ForSample(batch[rowPrompt[r]].Request.Seed, rowSample[r]) : null).ToArray();
        _executed = new double[batch.Count];
        _canonicalPrefill = new double[batch.Count];
        _active = Enumerable.Range(0, Rows).ToArray();
    }

    public int Rows { get; }

    public IReadOnlyList<int> RowPrompt { get; }

    public IReadOnlyList<int> RowSample { get; }

    public bool AllFinished => _finish.All(f => f is not null);

    /// <summary>How many rows the device still computes (rows are dropped by <see cref="CompactRows"/>).</summary>
    public int ActiveRows => _active.Length;

    /// <summary>The newest token of each active row, in active order.</summary>
    public long[] LastTokens() => _active.Select(r => (long)_generated[r][^1]).ToArray();

    /// <summary>Rotary position of each active row's newest token: its prompt length plus the tokens generated before it.</summary>
    public long[] Positions(int step) => _active.Select(r => (long)(_batch[RowPrompt[r]].Tokens.Count + step)).ToArray();

    /// <summary>
    /// Drops finished rows once at least a quarter of the active ones are done (so the KV cache copy it costs
    /// happens O(log rows) times per batch). Returns the positions, within the active rows before the call,
    /// of the rows that stay (the engine gathers its cache with them), or null when nothing is dropped.
    /// </summary>
    public long[]? CompactRows()
    {
        var running = Enumerable.Range(0, _active.Length).Where(i => _finish[_active[i]] is null).ToArray();
        var finished = _active.Length - running.Length;
        if (running.Length == 0 || finished == 0 || finished * 4 < _active.Length) return null;
        _active = running.Select(i => _active[i]).ToArray();
        return running.Select(i => (long)i).ToArray();
    }

    public void ChargePrefill(int prompt, double executed, double canonical)
    {
        _executed[prompt] += executed;
        _canonicalPrefill[prompt] = canonical;
    }

    /// <summary>Every active row is computed in a decode step, finished or not: that is executed work.</summary>
    public void ChargeDecodeStep(double perRow)
    {
        foreach (var r in _active) _executed[RowPrompt[r]] += perRow;
    }

    /// <summary>True when every row decodes greedily: the engine then takes the argmax on the device and copies only ids.</summary>
    public bool AllGreedy => _generators.All(g => g is null);

    /// <param name="logits">(active rows, V) float32 on the CPU: the next-token logits of every active row.</param>
    public void Accept(Tensor logits) => Accept((i, r) =>
    {
        var request = _batch[RowPrompt[r]].Request;
        using var row = logits[i];
        return (int)TokenSampler.Next(row, request.Sampling.Temperature, request.Sampling.TopP, _generators[r]);
    });

    /// <param name="tokens">The next token of every active row (already chosen, e.g. a device-side argmax).</param>
    public void Accept(long[] tokens) => Accept((i, _) => (int)tokens[i]);

    /// <param name="next">Chooses the token of the active row at position i (row r of the batch).</param>
    private void Accept(Func<int, int, int> next)
    {
        for (var i = 0; i < _active.Length; i++)
        {
            var r = _active[i];
            if (_finish[r] is not null) continue;
            var request = _batch[RowPrompt[r]].Request;
            var token = next(i, r);
            if (_tokenizer.EosIds.Contains(token))
            {
                Finish(r, "eos");
                continue;
            }
            _generated[r].Add(token);
            var text = _tokenizer.Decode(_generated[r]);
            if (StopMatcher.FirstStop(text, request.Sampling.Stop) is { } at)
            {
                _text[r] = text[..at];
                _finish[r] = "stop";
            }
            else if (_generated[r].Count >= request.Sampling.MaxNewTokens)
                Finish(r, "length");
        }
    }

    public void FinishAll()
    {
        for (var r = 0; r < Rows; r++)
            if (_finish[r] is null) Finish(r, "length");
    }

    public IReadOnlyList<GenerationResult> Results(FlopLedger ledger)
    {
        var results = new List<GenerationResult>();
        for (var p = 0; p < _batch.Count; p++)
        {
            var (request, tokens) = _batch[p];
            var rows = Enumerable.Range(0, Rows).Where(r => RowPrompt[r] == p).ToList();
            // Canonical: one causal prefill, then per sample the one-token forwards that produced tokens 2..G.
            var decodes = rows.Select(r => ledger.Decode(tokens.Count, Math.Max(0, _generated[r].Count - 1))).ToList();
            var canonical = _canonicalPrefill[p] + decodes.Sum();
            var share = _executed[p] / rows.Count;
            var completions = rows.Select((r, i) => new Completion(RowSample[r], _text[r], _generated[r].Count, _finish[r]!,
                new Flops(share, _canonicalPrefill[p] / rows.Count + decodes[i]))).ToList();
            results.Add(new GenerationResult(request.ItemId, completions, tokens.Count, new Flops(_executed[p], canonical)));
        }
        foreach (var g in _generators) g?.Dispose();
        return results;
    }

    private void Finish(int row, string reason)
    {
        _finish[row] = reason;
        _text[row] = _tokenizer.Decode(_generated[row]);
    }
}
