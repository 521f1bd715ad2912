using System.Text.RegularExpressions;

namespace ExperimentHarness.Scoring;

/// <summary>
/// Multiple-choice tasks answered by letter (aqua, commonsenseqa, date). Strict: the last
/// "The answer is (X)" / "The answer is X". Flexible: the last standalone letter among the choices,
/// with or without parentheses.
/// </summary>
public sealed class ChoiceTaskScorer : ITaskScorer
{
    private readonly string _letters;

    public ChoiceTaskScorer(string task, string letters)
    {
        Task = task;
        _letters = letters;
        var set = $"[{letters}]";
        Strict = new RegexAnswerExtractor($"{task}-strict", new Regex($@"[Tt]he answer is:?\s*\(?({set})\b\)?"), Normalize);
        Flexible = new RegexAnswerExtractor($"{task}-flexible", new Regex($@"(?<![A-Za-z])\(?({set})\)?(?![A-Za-z])"), Normalize);
    }

    public string Task { get; }

    public AnswerFormat Answers => new(AnswerKind.MultipleChoice, _letters.Length);

    public IAnswerExtractor Strict { get; }

    public IAnswerExtractor Flexible { get; }

    public string NormalizeGold(string gold) =>
        Normalize(gold.Trim().Trim('(', ')')) ?? throw new FormatException($"gold answer '{gold}' is not one of the letters {_letters}");

    public bool IsCorrect(ExtractedAnswer answer, string normalizedGold) => answer.Value == normalizedGold;

    private string? Normalize(string text)
    {
        var t = text.Trim().ToUpperInvariant();
        return t.Length == 1 && _letters.Contains(t[0]) ? t : null;
    }
}
