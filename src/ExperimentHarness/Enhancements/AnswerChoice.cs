namespace ExperimentHarness.Enhancements;

/// <summary>
/// The answer submitted for an item: its value (null when no sample had a parseable answer), the
/// sample it came from where one sample decides, and the rule that chose it (e.g. "first", "majority").
/// A vote also records the winner's votes and the runner-up's (0 when unopposed), i.e. its margin.
/// </summary>
public sealed record AnswerChoice(string? Value, int? SampleIndex, string Rule, int? Votes = null, int? RunnerUpVotes = null)
{
    public static AnswerChoice None(string rule) => new(null, null, rule);
}
