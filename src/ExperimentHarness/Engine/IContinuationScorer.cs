namespace ExperimentHarness.Engine;

/// <summary>The log-probability of a continuation given a context, its token count and the FLOPs spent.</summary>
public sealed record ContinuationScore(double LogProbability, int Tokens, Flops Flops);

/// <summary>Scores continuations (multiple-choice options) by log-likelihood.</summary>
public interface IContinuationScorer
{
    IReadOnlyList<ContinuationScore> Score(string context, IReadOnlyList<string> continuations, CancellationToken ct);
}
