using ExperimentHarness.Benchmarks;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Enhancements;

/// <summary>How exemplar answers are shown: the bare answer, or the worked solution ending in the answer.</summary>
public enum ExemplarStyle { AnswerOnly, WorkedSolution }

/// <summary>
/// What the model is asked for one item, built up by the stack's <see cref="IEnhancement.Shape"/> calls:
/// the exemplars and how they are shown, an optional reasoning trigger (zero-shot CoT), and how many
/// samples to draw with which sampling settings (null: the config's generation settings), and for
/// zero-shot CoT the answer trigger of the second, answer-extraction step (null: one step), and per-item
/// work done outside generation (e.g. embedding the query for retrieval), charged to the item.
/// </summary>
public sealed record ItemPlan(
    BenchmarkItem Item,
    IReadOnlyList<BenchmarkItem> Exemplars,
    ExemplarStyle Style,
    string? ReasoningTrigger,
    int Samples,
    SamplingOverride? Sampling,
    string? AnswerTrigger = null,
    Flops ExtraFlops = default)
{
    public static ItemPlan For(BenchmarkItem item) => new(item, [], ExemplarStyle.AnswerOnly, null, 1, null);

    /// <summary>Zero-shot CoT asks a second question only when there are no exemplars to copy the answer format from.</summary>
    public bool HasAnswerStep => AnswerTrigger is not null && Exemplars.Count == 0;
}

/// <summary>Sampling settings an enhancement needs instead of the config's (e.g. majority voting samples at T &gt; 0).</summary>
public sealed record SamplingOverride(double Temperature, double TopP);
