using ExperimentHarness.Enhancements;
using ExperimentHarness.Models;
using ExperimentHarness.Models.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentHarness.Engine;

/// <summary>
/// Text embeddings from the model's own final hidden states: the mean over the text's tokens, scaled to
/// unit length. One causal forward per text without logits (FLOPs: the ledger's prefill with no logit positions).
/// </summary>
public sealed class TorchTextEmbedder(ICausalLanguageModel model, ITextTokenizer tokenizer, string weightsSha256) : ITextEmbedder
{
    private readonly FlopLedger _ledger = new(model.Shape);

    public string Identity => $"mean-final-hidden/{weightsSha256}";

    public (IReadOnlyList<float[]> Vectors, IReadOnlyList<Flops> Flops) Embed(IReadOnlyList<string> texts, CancellationToken ct)
    {
        var vectors = new List<float[]>();
        var flops = new List<Flops>();
        using var noGrad = no_grad();
        foreach (var text in texts)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var ids = tokenizer.Encode(text).Select(i => (long)i).ToArray();
            if (ids.Length == 0) ids = [0];
            var length = ids.Length;
            using var cache = new KvCache(model.Shape.Layers, 1, model.Shape.KvHeads, length, model.Shape.HeadDim, model.DType, model.Device);
            var mask = ones(length, length, ScalarType.Bool, model.Device).tril().view(1, 1, length, length);
            var hidden = model.Hidden(tensor(ids, device: model.Device).unsqueeze(0), arange(length, dtype: int64, device: model.Device).unsqueeze(0), cache, 0, mask);
            var pooled = hidden[0].mean([0]);
            var unit = (pooled / pooled.norm().clamp_min(1e-12)).cpu();
            vectors.Add(unit.data<float>().ToArray());
            flops.Add(Flops.Same(_ledger.CausalPrefill(length, logitPositions: 0)));
        }
        return (vectors, flops);
    }
}
