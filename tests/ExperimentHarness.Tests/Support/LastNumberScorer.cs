using System.Text.RegularExpressions;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Tests.Support;

/// <summary>A minimal numeric scorer for runner tests: strict takes "The answer is N", flexible the last integer.</summary>
public sealed partial class LastNumberScorer : ITaskScorer
{
    public string Task => "fake";
    public AnswerFormat Answers { get; } = new(AnswerKind.Numeric);
    public IAnswerExtractor Strict { get; } = new RegexExtractor("fake-strict", StrictPattern());
    public IAnswerExtractor Flexible { get; } = new RegexExtractor("fake-flexible", FlexiblePattern());
    public string NormalizeGold(string gold) => int.Parse(gold).ToString();
    public bool IsCorrect(ExtractedAnswer answer, string normalizedGold) => answer.Value == normalizedGold;

    [GeneratedRegex(@"[Tt]he answer is (-?\d+)")] private static partial Regex StrictPattern();
    [GeneratedRegex(@"(-?\d+)")] private static partial Regex FlexiblePattern();

    private sealed class RegexExtractor(string name, Regex pattern) : IAnswerExtractor
    {
        public string Name => name;
        public ExtractedAnswer Extract(string completion)
        {
            var matches = pattern.Matches(completion);
            return new ExtractedAnswer(matches.Count == 0 ? null : matches[^1].Groups[1].Value, name);
        }
    }
}
