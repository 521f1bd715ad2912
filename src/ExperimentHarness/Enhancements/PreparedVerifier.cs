using ExperimentHarness.Foundation;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// <see cref="BestOfNVerifier"/> once prepared: its trained head and the embedder whose features the head reads (the
/// model's own, or the fine-tuned copy's). Scores each completion of a prompt and submits the best-scored parseable one.
/// </summary>
public sealed class PreparedVerifier(ElementIdentity identity, SampleDraw draw, ITextEmbedder embedder, VerifierHead head) : IScoredAnswerSelector
{
    public ElementIdentity Identity => identity;

    public StackRole Role => StackRole.SelectsAnswer;

    public SampleDraw Draw => draw;

    public VerifierHead Head => head;

    public (IReadOnlyList<double> Scores, Flops Flops) Score(string prompt, IReadOnlyList<string> completions, CancellationToken ct)
    {
        var (features, flops) = embedder.Embed(completions.Select(c => prompt + c).ToList(), ct);
        return (features.Select(head.Score).ToList(), flops.Aggregate(Flops.Zero, (a, b) => a + b));
    }

    public AnswerChoice Select(IReadOnlyList<ExtractedAnswer> answers, IReadOnlyList<double> scores) => SelectBest(answers, scores);

    /// <summary>The highest-scored sample's answer (ties: the lower sample index); unparseable samples are skipped.</summary>
    public static AnswerChoice SelectBest(IReadOnlyList<ExtractedAnswer> answers, IReadOnlyList<double> scores)
    {
        var best = -1;
        for (var i = 0; i < answers.Count; i++)
            if (answers[i].IsValid && (best < 0 || scores[i] > scores[best])) best = i;
        return best < 0 ? AnswerChoice.None("verifier") : new AnswerChoice(answers[best].Value, best, "verifier");
    }
}
