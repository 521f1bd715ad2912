using ExperimentHarness.Benchmarks;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Enhancements;

/// <summary>How exemplar answers are shown: the bare answer, or the worked solution ending in the answer.</summary>
public enum ExemplarStyle { AnswerOnly, WorkedSolution }

/// <summary>
/// What the model is asked for one item, built up by the stack's shapers (<see cref="IPromptShaper.Shape"/>) and its
/// selector's draw: the exemplars and how they are shown, an optional reasoning trigger that opens the answer, how many
/// samples to draw (at the settings <see cref="PreparedStack.SamplingFor"/> gives), an optional second generation
/// step per sample (<see cref="FollowUp"/>, zero-shot CoT's answer step), and per-item work done outside generation
/// (e.g. embedding the query for retrieval), charged to the item.
/// </summary>
public sealed record ItemPlan(
    BenchmarkItem Item,
    IReadOnlyList<BenchmarkItem> Exemplars,
    ExemplarStyle Style,
    string? ReasoningTrigger,
    int Samples,
    FollowUpStep? FollowUp = null,
    Flops ExtraFlops = default)
{
    public static ItemPlan For(BenchmarkItem item) => new(item, [], ExemplarStyle.AnswerOnly, null, 1);
}

/// <summary>Sampling settings an enhancement needs instead of the config's (e.g. majority voting samples at T &gt; 0).</summary>
public sealed record SamplingOverride(double Temperature, double TopP);
