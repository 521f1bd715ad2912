using ExperimentHarness.Foundation;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// Draws several samples per item, scores each completion (e.g. with a trained verifier head, whose FLOPs are charged to
/// the item) and picks the submitted answer by score.
/// </summary>
public interface IScoredAnswerSelector : IDrawsSamples
{
    /// <summary>A score per completion of one prompt, and the FLOPs of computing them.</summary>
    (IReadOnlyList<double> Scores, Flops Flops) Score(string prompt, IReadOnlyList<string> completions, CancellationToken ct);

    AnswerChoice Select(IReadOnlyList<ExtractedAnswer> answers, IReadOnlyList<double> scores);
}
