namespace ExperimentHarness.Benchmarks;

/// <summary>
/// One benchmark problem. <paramref name="Question"/> is the bare question; <paramref name="Choices"/> are the
/// options of a multiple-choice item, in letter order, carried as data and rendered only by <see cref="Posed"/>.
/// <paramref name="Gold"/> is the reference answer in the task's answer format (a number for maths, a letter for
/// multiple choice, yes/no, a string). <paramref name="Solution"/> is a worked solution ending in the answer,
/// where the source has one (used for CoT exemplars).
/// </summary>
public sealed record BenchmarkItem(
    string Id,
    string Question,
    string Gold,
    string? Solution = null,
    IReadOnlyList<string>? Choices = null)
{
    /// <summary>
    /// The question as a prompt poses it: multiple-choice options appended as "Answer Choices: (A) … (B) …".
    /// Also the item's text in cache keys and cell item keys, so those are what they were when options were part of the question.
    /// </summary>
    public string Posed => Choices is { Count: > 0 } choices ? WithChoices(Question, choices) : Question;

    /// <summary>The same item posed without its options (log-likelihood scoring, where the options are the continuations).</summary>
    public BenchmarkItem WithoutChoices() => this with { Choices = null };

    private static string WithChoices(string question, IReadOnlyList<string> choices)
    {
        var text = new System.Text.StringBuilder(question.Trim()).Append(" Answer Choices:");
        for (var i = 0; i < choices.Count; i++) text.Append($" ({(char)('A' + i)}) {choices[i]}");
        return text.ToString();
    }
}
