using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// <c>retrieval(k=8)</c> or <c>retrieval(k=8, embedder=DIR)</c>: for each item, the k train-split items whose
/// question embeddings (from the model itself, or from the checkpoint in DIR) are most cosine-similar to its own become its exemplars (most similar last, nearest the question). The index
/// over the corpus is one-time work, cached on disk under a key of (embedder, corpus); embedding each
/// evaluated question and scoring it against the index is per-item work charged to that item.
/// </summary>
public sealed class Retrieval : IEnhancement
{
    private readonly int _k;
    private readonly string? _embedderPath;
    private readonly IReadOnlyList<BenchmarkItem> _corpus;
    private Dictionary<string, (IReadOnlyList<BenchmarkItem> Neighbours, Flops Flops)>? _plans;

    public Retrieval(StackElementSpec spec, int position, StackContext context)
    {
        var p = new ElementParameters(spec, position);
        _k = p.Int("k", 8, 1, 256);
        _embedderPath = p.String("embedder") is { } path ? context.ResolvePath(path) : null;
        p.RejectUnknown();
        _corpus = context.Benchmark.Train;
        if (_corpus.Count < _k) throw p.Error($"the train split has {_corpus.Count} items, fewer than k={_k}");
        Id = _embedderPath is null ? $"retrieval(k={_k})" : $"retrieval(k={_k},embedder={_embedderPath})";
    }

    public string Name => "retrieval";

    public string Id { get; }

    public bool ChoosesExemplars => true;

    public OneTimeWork Prepare(PrepareContext context, CancellationToken ct)
    {
        var embedder = _embedderPath is null ? context.Embedder
            : context.LoadEmbedder?.Invoke(_embedderPath) ?? throw new InvalidOperationException($"{Id}: no embedding model can be loaded here");
        var index = RetrievalIndex.LoadOrBuild(embedder, _corpus, context.CacheDirectory, ct, out var built, context.Progress);
        var evaluated = context.EvaluationItems.Count;
        var (queries, flops) = embedder.Embed(context.EvaluationItems.Select(i => i.Posed).ToList(),
            context.Progress is { } progress ? n => progress.Report(new Foundation.PhaseProgress("retrieval queries", n, evaluated, "questions embedded")) : null, ct);
        // One spare neighbour, so an evaluated question that also sits in the corpus can be skipped.
        var nearest = index.Nearest(context.NeighbourSearch, queries, _k + 1, ct);
        var search = Flops.Same(index.QueryFlops);
        _plans = new Dictionary<string, (IReadOnlyList<BenchmarkItem>, Flops)>(StringComparer.Ordinal);
        for (var i = 0; i < context.EvaluationItems.Count; i++)
        {
            var item = context.EvaluationItems[i];
            var neighbours = nearest[i].Select(j => _corpus[j])
                .Where(n => n.Posed != item.Posed).Take(_k).Reverse().ToList();
            _plans[item.Id] = (neighbours, flops[i] + search);
        }
        return new OneTimeWork(index.BuildFlops, built ? index.BuildFlops : 0,
            $"retrieval index over {_corpus.Count} train questions ({(built ? "built" : "reused from cache")})");
    }

    public ItemPlan Shape(ItemPlan plan)
    {
        if (_plans is null || !_plans.TryGetValue(plan.Item.Id, out var entry))
            throw new InvalidOperationException($"{Id}: item '{plan.Item.Id}' was not prepared (Prepare must run over the evaluated items first)");
        return plan with { Exemplars = entry.Neighbours, ExtraFlops = plan.ExtraFlops + entry.Flops };
    }
}
