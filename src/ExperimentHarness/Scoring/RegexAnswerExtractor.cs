using System.Text.RegularExpressions;

namespace ExperimentHarness.Scoring;

/// <summary>
/// Takes the LAST match of a pattern's group 1 (models often echo exemplar answers before their own)
/// and normalises it; a match that does not normalise counts as no answer.
/// </summary>
public sealed class RegexAnswerExtractor(string name, Regex pattern, Func<string, string?> normalize) : IAnswerExtractor
{
    public string Name => name;

    public ExtractedAnswer Extract(string completion)
    {
        var matches = pattern.Matches(completion);
        for (var i = matches.Count - 1; i >= 0; i--)
        {
            var value = normalize(matches[i].Groups[1].Value);
            if (value is not null) return new ExtractedAnswer(value, name);
        }
        return new ExtractedAnswer(null, name);
    }
}
