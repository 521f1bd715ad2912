using ExperimentHarness.Scoring;

namespace ExperimentHarness.Enhancements;

/// <summary>Draws several samples per item and picks the submitted answer from their extracted answers. Pure.</summary>
public interface IAnswerSelector : IDrawsSamples
{
    /// <summary>
    /// Picks the submitted answer (index = sample index). <paramref name="tieBreakSeed"/> is the item's seed, so ties break
    /// the same way on every run.
    /// </summary>
    AnswerChoice Select(IReadOnlyList<ExtractedAnswer> answers, ulong tieBreakSeed);
}
