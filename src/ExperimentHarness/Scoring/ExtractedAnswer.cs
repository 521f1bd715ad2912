namespace ExperimentHarness.Scoring;

/// <summary>
/// The answer an extractor found in a completion, already normalised (e.g. "1234", "-3.5", "B",
/// "yes", "abcd"), or <c>null</c> when the completion holds no parseable answer. Null answers never vote.
/// </summary>
public sealed record ExtractedAnswer(string? Value, string Extractor)
{
    public bool IsValid => Value is not null;
}
