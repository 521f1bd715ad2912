using ExperimentHarness.Foundation;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// One stack element. It shapes what is asked of the model (pure) and, if it is a selector, picks the
/// submitted answer from the samples' extracted answers (pure). It never holds the model.
/// </summary>
public interface IEnhancement
{
    /// <summary>The element's name as written in YAML (e.g. "fewshot").</summary>
    string Name { get; }

    /// <summary>Canonical text of the element with all parameters, defaults included (e.g. "fewshot(k=8,seed=1234)").</summary>
    string Id { get; }

    ItemPlan Shape(ItemPlan plan);

    /// <summary>One-time work before any item is planned (index building, head training); the default needs none.</summary>
    OneTimeWork Prepare(PrepareContext context, CancellationToken ct) => OneTimeWork.None;

    /// <summary>True for elements that choose the exemplars (at most one per stack).</summary>
    bool ChoosesExemplars => false;

    /// <summary>True for elements that choose among samples (at most one per stack).</summary>
    bool IsSelector => false;

    /// <summary>
    /// Picks the submitted answer from the samples' answers (index = sample index); only called on
    /// selectors. <paramref name="tieBreakSeed"/> is the item's seed, so ties break the same way on every run.
    /// </summary>
    AnswerChoice Select(IReadOnlyList<ExtractedAnswer> answers, ulong tieBreakSeed) =>
        throw new NotSupportedException($"{Id} does not select answers");

    /// <summary>True for selectors that need a score per sample (a verifier): the runner calls <see cref="ScoreSamples"/> first.</summary>
    bool ScoresSamples => false;

    /// <summary>A score per completion of one prompt, and the FLOPs of computing them.</summary>
    (IReadOnlyList<double> Scores, Flops Flops) ScoreSamples(string prompt, IReadOnlyList<string> completions, CancellationToken ct) =>
        throw new NotSupportedException($"{Id} does not score samples");

    /// <summary>Picks the submitted answer using per-sample scores; only called on selectors that score samples.</summary>
    AnswerChoice SelectScored(IReadOnlyList<ExtractedAnswer> answers, IReadOnlyList<double> scores) =>
        throw new NotSupportedException($"{Id} does not select by score");
}
