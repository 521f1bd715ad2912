using System.Text.RegularExpressions;

namespace ExperimentHarness.Scoring;

/// <summary>Yes/no tasks (coin_flip, strategyqa). Strict: the last "The answer is yes|no". Flexible: the last standalone yes or no.</summary>
public sealed class YesNoTaskScorer(string task) : ITaskScorer
{
    public string Task => task;

    public AnswerFormat Answers { get; } = new(AnswerKind.YesNo);

    public IAnswerExtractor Strict { get; } = new RegexAnswerExtractor($"{task}-strict",
        new Regex(@"[Tt]he answer is:?\s*\W?(yes|no)\b", RegexOptions.IgnoreCase), Normalize);

    public IAnswerExtractor Flexible { get; } = new RegexAnswerExtractor($"{task}-flexible",
        new Regex(@"\b(yes|no)\b", RegexOptions.IgnoreCase), Normalize);

    public string NormalizeGold(string gold) =>
        Normalize(gold) ?? throw new FormatException($"gold answer '{gold}' is not yes or no");

    public bool IsCorrect(ExtractedAnswer answer, string normalizedGold) => answer.Value == normalizedGold;

    private static string? Normalize(string text) => text.Trim().TrimEnd('.').ToLowerInvariant() switch
    {
        "yes" => "yes",
        "no" => "no",
        _ => null,
    };
}
