using System.Text.RegularExpressions;

namespace ExperimentHarness.Scoring;

/// <summary>
/// Tasks whose answer is one word (last_letters). Strict: the word after the last "The answer is"
/// (quotes and a final full stop removed). Flexible: the last word of the completion. Compared lower-cased.
/// </summary>
public sealed class WordTaskScorer(string task) : ITaskScorer
{
    public string Task => task;

    public AnswerFormat Answers { get; } = new(AnswerKind.FreeText);

    public IAnswerExtractor Strict { get; } = new RegexAnswerExtractor($"{task}-strict",
        new Regex(@"[Tt]he answer is:?\s*[""'“]?(\p{L}+)"), Normalize);

    public IAnswerExtractor Flexible { get; } = new RegexAnswerExtractor($"{task}-flexible",
        new Regex(@"(\p{L}+)"), Normalize);

    public string NormalizeGold(string gold) =>
        Normalize(gold) ?? throw new FormatException($"gold answer '{gold}' is not a single word");

    public bool IsCorrect(ExtractedAnswer answer, string normalizedGold) => answer.Value == normalizedGold;

    private static string? Normalize(string text)
    {
        var t = text.Trim().Trim('"', '\'', '“', '”', '.').ToLowerInvariant();
        return t.Length > 0 && t.All(char.IsLetter) ? t : null;
    }
}
