using ExperimentHarness.Enhancements;
using ExperimentHarness.Models;
using ExperimentHarness.Models.Tokenization;
using TorchSharp;
using static TorchSharp.torch;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Engine;

/// <summary>
/// Text embeddings from the model's own final hidden states: the mean over the text's tokens, scaled to
/// unit length. Texts are sorted by length and run in left-padded batches within the memory budget's rows (halved
/// on out-of-memory, <see cref="MemoryBudget.InBatches"/>) and <c>maxBatchTokens</c> padded tokens (one forward each,
/// no logits); pad positions are left out of the mean. FLOPs per text: executed = the padded masked prefill its
/// row ran, canonical = its causal prefill.
/// </summary>
/// <param name="budget">The loaded model's shared budget; null: one of its own with the default rows.</param>
public sealed class TorchTextEmbedder(ICausalLanguageModel model, ITextTokenizer tokenizer, string weightsSha256,
    MemoryBudget? budget = null, int maxBatchTokens = 16384) : ITextEmbedder
{
    private readonly FlopLedger _ledger = new(model.Shape);
    private readonly MemoryBudget _budget = budget ?? new MemoryBudget();

    public string Identity => $"mean-final-hidden/{weightsSha256}";

    public (IReadOnlyList<float[]> Vectors, IReadOnlyList<Flops> Flops) Embed(IReadOnlyList<string> texts, CancellationToken ct) => Embed(texts, null, ct);

    /// <summary>Reports the texts embedded so far after each batch.</summary>
    public (IReadOnlyList<float[]> Vectors, IReadOnlyList<Flops> Flops) Embed(IReadOnlyList<string> texts, Action<int>? embedded, CancellationToken ct)
    {
        var encoded = texts.Select(t => tokenizer.Encode(t) is { Count: > 0 } ids ? ids : (IReadOnlyList<int>)[0]).ToList();
        var vectors = new float[texts.Count][];
        var flops = new Flops[texts.Count];
        var done = 0;
        _budget.InBatches(encoded.Select(e => e.Count).ToList(), maxBatchTokens, batch =>
        {
            var (pooled, padded) = EmbedBatch(batch.Select(i => encoded[i]).ToList());
            for (var row = 0; row < batch.Count; row++)
            {
                vectors[batch[row]] = pooled[row];
                flops[batch[row]] = new Flops(_ledger.MaskedPrefill(padded, logitPositions: 0),
                    _ledger.CausalPrefill(encoded[batch[row]].Count, logitPositions: 0));
            }
            done += batch.Count;
            embedded?.Invoke(done);
        }, batch => $"embedding {batch.Count} text(s) of up to {batch.Max(i => encoded[i].Count)} tokens (use a smaller embedding model)", ct);
        return (vectors, flops);
    }

    private (float[][] Vectors, int PaddedLength) EmbedBatch(IReadOnlyList<IReadOnlyList<int>> sequences)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (mean, padded) = PooledHidden.Of(model, sequences);                               // (B, d)
        using var floor = 1e-12.ToScalar();   // outlives the native call (PinnedScalars says why)
        var unit = (mean / mean.norm(1, keepdim: true).clamp_min(floor)).cpu();
        var flat = unit.data<float>().ToArray();
        var dimension = (int)unit.shape[1];
        return (Enumerable.Range(0, sequences.Count).Select(r => flat.AsSpan(r * dimension, dimension).ToArray()).ToArray(), padded);
    }
}
