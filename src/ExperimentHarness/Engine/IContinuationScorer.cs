using ExperimentHarness.Foundation;

namespace ExperimentHarness.Engine;

/// <summary>The log-probability of a continuation given a context, its token count and the FLOPs spent.</summary>
public sealed record ContinuationScore(double LogProbability, int Tokens, Flops Flops);

/// <summary>One multiple-choice item to score: the context and its options' continuations.</summary>
public sealed record ContinuationRequest(string Context, IReadOnlyList<string> Continuations);

/// <summary>Scores continuations (multiple-choice options) by log-likelihood.</summary>
public interface IContinuationScorer
{
    /// <summary>Several items at once (an engine may pack their options into shared batches); results in request order.</summary>
    IReadOnlyList<IReadOnlyList<ContinuationScore>> ScoreMany(IReadOnlyList<ContinuationRequest> requests, CancellationToken ct);
}
