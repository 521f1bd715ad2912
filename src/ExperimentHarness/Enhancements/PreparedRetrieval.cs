using ExperimentHarness.Benchmarks;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// <see cref="Retrieval"/> once prepared: the exemplars and per-item FLOPs of every item it was prepared for (the
/// evaluated items). It shapes only those; any other item is <see cref="ItemNotPreparedException"/>.
/// </summary>
public sealed class PreparedRetrieval(ElementIdentity identity, IReadOnlyDictionary<string, PreparedRetrieval.Neighbours> byItem) : IPromptShaper
{
    /// <summary>An item's exemplars (most similar last) and the FLOPs of finding them (query embedding and index scan).</summary>
    public sealed record Neighbours(IReadOnlyList<BenchmarkItem> Exemplars, Flops Flops);

    public ElementIdentity Identity => identity;

    public StackRole Role => StackRole.ChoosesExemplars;

    public ItemPlan Shape(ItemPlan plan) => byItem.TryGetValue(plan.Item.Id, out var entry)
        ? plan with { Exemplars = entry.Exemplars, ExtraFlops = plan.ExtraFlops + entry.Flops }
        : throw new ItemNotPreparedException(Identity.Text, plan.Item.Id);
}
