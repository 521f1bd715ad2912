using System.Text.RegularExpressions;

namespace ExperimentHarness.Scoring;

/// <summary>
/// Scoring for tasks with a numeric answer (gsm8k, arith, multiarith, svamp, addsub, singleeq).
/// Strict: the last "The answer is N" or "#### N". Flexible: the last number anywhere.
/// Comparison: as decimals (<see cref="NumberNormalizer.NumericallyEqual"/>).
/// </summary>
public sealed partial class NumericTaskScorer(string task) : ITaskScorer
{
    private const string Number = @"(-?\$?\s?\d[\d,]*(?:\.\d+)?|-?\$?\.\d+)";

    [GeneratedRegex(@"(?:[Tt]he (?:final )?answer is:?|####)\s*" + Number)]
    private static partial Regex StrictPattern();

    [GeneratedRegex(Number)]
    private static partial Regex AnyNumber();

    public string Task => task;

    public AnswerFormat Answers { get; } = new(AnswerKind.Numeric);

    public IAnswerExtractor Strict { get; } = new RegexAnswerExtractor($"{task}-strict", StrictPattern(), NumberNormalizer.Normalize);

    public IAnswerExtractor Flexible { get; } = new RegexAnswerExtractor($"{task}-flexible", AnyNumber(), NumberNormalizer.Normalize);

    public string NormalizeGold(string gold) =>
        NumberNormalizer.Normalize(gold) ?? throw new FormatException($"gold answer '{gold}' is not a number");

    public bool IsCorrect(ExtractedAnswer answer, string normalizedGold) =>
        answer.Value is { } value && NumberNormalizer.NumericallyEqual(value, normalizedGold);
}
