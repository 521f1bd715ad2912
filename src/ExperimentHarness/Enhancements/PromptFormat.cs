using System.Text;
using System.Text.RegularExpressions;
using ExperimentHarness.Benchmarks;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// Renders an <see cref="ItemPlan"/> as the text the model continues. Our own plain format:
/// <code>
/// Problem: {question}
/// Answer: {exemplar answer}
///
/// Problem: {question}
/// Answer:
/// </code>
/// Exemplar answers end with "The answer is N." (direct) or are the worked solution ending with that
/// sentence (CoT); the scorers' strict extractors look for exactly that sentence or GSM8K's "#### N".
/// </summary>
public static partial class PromptFormat
{
    public const string QuestionLabel = "Problem:";
    public const string AnswerLabel = "Answer:";

    [GeneratedRegex(@"<<[^>]*>>")]
    private static partial Regex CalculatorAnnotation();

    [GeneratedRegex(@"^\s*####\s*(?<answer>.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex HashAnswerLine();

    public static string Render(ItemPlan plan)
    {
        var text = new StringBuilder();
        foreach (var exemplar in plan.Exemplars)
        {
            text.Append(QuestionLabel).Append(' ').Append(exemplar.Posed.Trim()).Append('\n');
            text.Append(AnswerLabel).Append(' ').Append(ExemplarAnswer(exemplar, plan.Style)).Append("\n\n");
        }
        text.Append(QuestionLabel).Append(' ').Append(plan.Item.Posed.Trim()).Append('\n');
        text.Append(AnswerLabel);
        if (plan.ReasoningTrigger is { } trigger)
            text.Append(' ').Append(trigger);
        return text.ToString();
    }

    public static string FinalAnswerSentence(string answer) => $"The answer is {answer}.";

    /// <summary>The exemplar's answer as shown in the prompt.</summary>
    public static string ExemplarAnswer(BenchmarkItem exemplar, ExemplarStyle style)
    {
        if (style == ExemplarStyle.AnswerOnly || exemplar.Solution is null)
            return FinalAnswerSentence(exemplar.Gold);
        var solution = CalculatorAnnotation().Replace(exemplar.Solution, "");
        solution = HashAnswerLine().Replace(solution, m => FinalAnswerSentence(m.Groups["answer"].Value.Trim()));
        solution = string.Join(' ', solution.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (!solution.Contains(FinalAnswerSentence(exemplar.Gold), StringComparison.Ordinal)
            && !solution.EndsWith(FinalAnswerSentence(exemplar.Gold).TrimEnd('.'), StringComparison.Ordinal))
            solution += " " + FinalAnswerSentence(exemplar.Gold);
        return solution;
    }
}
