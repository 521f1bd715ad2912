using ExperimentHarness.Benchmarks;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Enhancements;

/// <summary>What one-time preparation may use: the model's capabilities (never the model), a cache directory, and the items to be evaluated.</summary>
public sealed record PrepareContext(ITextEmbedder Embedder, string CacheDirectory, IReadOnlyList<BenchmarkItem> EvaluationItems, VerifierCapabilities? Verifier = null)
{
    /// <summary>
    /// The plan the (prepared) shapers before the element being prepared give an item (set by the stack), so that one-time
    /// work such as verifier training sees prompts shaped like the test-time ones. A per-item shaper prepared only for the
    /// evaluated items (retrieval) throws <see cref="ItemNotPreparedException"/> for any other item.
    /// </summary>
    public Func<BenchmarkItem, ItemPlan> PlanBefore { get; init; } = ItemPlan.For;

    /// <summary>Loads a separately configured embedding model (a checkpoint directory) on the model's device; null where none can be loaded.</summary>
    public Func<string, ITextEmbedder>? LoadEmbedder { get; init; }

    /// <summary>Where long one-time work (embedding a retrieval corpus, training a verifier) reports how far it is; null: nowhere.</summary>
    public IProgress<PhaseProgress>? Progress { get; init; }

    /// <summary>Where retrieval's k-NN runs: the model's device when a model is loaded.</summary>
    public INearestNeighbourSearch NeighbourSearch { get; init; } = new ExactCosineSearch();
}
