using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Foundation;
using static System.FormattableString;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// <c>retrieval(k=8)</c> or <c>retrieval(k=8, embedder=DIR)</c>: for each item, the k train-split items whose
/// question embeddings (from the model itself, or from the checkpoint in DIR) are most cosine-similar to its own become its
/// exemplars (most similar last, nearest the question). Preparing it builds (or reads from the cache) the index over the
/// corpus, keyed by (embedder, corpus), and finds every evaluated item's neighbours; embedding each evaluated question and
/// scoring it against the index is per-item work charged to that item. A separate embedder appears in the identity as
/// the hash of its weights, not its path, so the identity is the same wherever the checkpoint sits.
/// </summary>
public sealed class Retrieval : IPreparable
{
    private readonly int _k;
    private readonly string? _embedderPath;
    private readonly IReadOnlyList<BenchmarkItem> _corpus;
    private readonly ElementParameters _parameters;

    public Retrieval(StackElementSpec spec, int position, StackContext context)
    {
        var p = _parameters = new ElementParameters(spec, position);
        _k = p.Int("k", 8, 1, 256);
        _embedderPath = p.String("embedder") is { } path ? context.ResolvePath(path) : null;
        p.RejectUnknown();
        _corpus = context.Benchmark.Train;
        if (_corpus.Count < _k) throw p.Error($"the train split has {_corpus.Count} items, fewer than k={_k}");
        List<ElementParameter> parameters = [new("k", Invariant($"{_k}"))];
        if (_embedderPath is not null) parameters.Add(new("embedder", ContentDigest.OfHash(EmbedderWeightsHash(context, _embedderPath))));
        Identity = new ElementIdentity("retrieval", parameters);
    }

    public ElementIdentity Identity { get; }

    public StackRole Role => StackRole.ChoosesExemplars;

    public (IStackElement Prepared, OneTimeWork Work) Prepare(PrepareContext context, CancellationToken ct)
    {
        var embedder = _embedderPath is null ? context.Embedder
            : context.LoadEmbedder?.Invoke(_embedderPath)
              ?? throw _parameters.Error($"parameter 'embedder': this run cannot load a separate embedding model ({_embedderPath}); leave 'embedder' out to embed with the model itself");
        var index = RetrievalIndex.LoadOrBuild(embedder, _corpus, context.CacheDirectory, ct, out var built, context.Progress);
        var evaluated = context.EvaluationItems.Count;
        var (queries, flops) = embedder.Embed(context.EvaluationItems.Select(i => i.Posed).ToList(),
            context.Progress is { } progress ? n => progress.Report(new PhaseProgress("retrieval queries", n, evaluated, "questions embedded")) : null, ct);
        // One spare neighbour, so an evaluated question that also sits in the corpus can be skipped.
        var nearest = index.Nearest(context.NeighbourSearch, queries, _k + 1, ct);
        var search = Flops.Same(index.QueryFlops);
        var plans = new Dictionary<string, PreparedRetrieval.Neighbours>(StringComparer.Ordinal);
        for (var i = 0; i < context.EvaluationItems.Count; i++)
        {
            var item = context.EvaluationItems[i];
            var neighbours = nearest[i].Select(j => _corpus[j])
                .Where(n => n.Posed != item.Posed).Take(_k).Reverse().ToList();
            plans[item.Id] = new PreparedRetrieval.Neighbours(neighbours, flops[i] + search);
        }
        var source = _embedderPath is null ? "" : $", embedded by {_embedderPath}";
        return (new PreparedRetrieval(Identity, plans), new OneTimeWork(index.BuildFlops, built ? index.BuildFlops : 0,
            $"retrieval index over {_corpus.Count} train questions ({(built ? "built" : "reused from cache")}{source})"));
    }

    private string EmbedderWeightsHash(StackContext context, string directory)
    {
        if (!Directory.Exists(directory)) throw _parameters.Error($"parameter 'embedder': checkpoint directory not found: {directory}");
        var hash = context.HashCheckpoint
            ?? throw _parameters.Error("parameter 'embedder': this run cannot read a separate embedding model; leave 'embedder' out to embed with the model itself");
        try
        {
            return hash(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw _parameters.Error($"parameter 'embedder': {ex.Message}");
        }
    }
}
