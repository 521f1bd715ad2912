using System.Globalization;
using ExperimentHarness.Scoring;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Fitter;

/// <summary>
/// The accuracy of guessing, derived from what a task's answers are (RESEARCH.md §4 (a): b = chance):
/// multiple choice with k options → 1/k (the mean of 1/k over the items where k varies, as in BIG-bench
/// date's 5 or 6 options); yes/no → 1/2; a number or free text → 0. There is no silent default: a task
/// that cannot be classified is an input error that says how to describe it.
/// </summary>
public static class ChanceRates
{
    public const string FormatHelp = "multiple_choice:K (K ≥ 2 options), yes_no, numeric or free_text";

    /// <summary>From the answer kind and, for multiple choice, each item's option count; null for multiple choice without usable counts.</summary>
    public static ChanceRate? Of(AnswerKind kind, IReadOnlyList<int> optionCounts, string source) => kind switch
    {
        AnswerKind.MultipleChoice when optionCounts.Count > 0 && optionCounts.All(k => k >= 2) => MultipleChoice(optionCounts, source),
        AnswerKind.MultipleChoice => null,
        AnswerKind.YesNo => new(0.5, $"{source}: yes/no → 1/2"),
        AnswerKind.Numeric => new(0, $"{source}: numeric answer → 0"),
        AnswerKind.FreeText => new(0, $"{source}: free-text answer → 0"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown answer kind"),
    };

    private static ChanceRate MultipleChoice(IReadOnlyList<int> optionCounts, string source)
    {
        var (fewest, most) = (optionCounts.Min(), optionCounts.Max());
        return fewest == most
            ? new(1.0 / fewest, $"{source}: multiple choice, {fewest} options → 1/{fewest}")
            : new(optionCounts.Average(k => 1.0 / k), $"{source}: multiple choice, {fewest}–{most} options → mean 1/k over {optionCounts.Count} items");
    }

    /// <summary>A description as written in a points CSV (<see cref="FormatHelp"/>); null when it is none of these.</summary>
    public static ChanceRate? Parse(string text, string source)
    {
        var parts = text.Trim().ToLowerInvariant().Split(':');
        return (parts[0], parts.Length) switch
        {
            ("multiple_choice", 2) when int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 2
                => Of(AnswerKind.MultipleChoice, [k], source),
            ("yes_no", 1) => Of(AnswerKind.YesNo, [], source),
            ("numeric", 1) => Of(AnswerKind.Numeric, [], source),
            ("free_text", 1) => Of(AnswerKind.FreeText, [], source),
            _ => null,
        };
    }

    /// <summary>
    /// A benchmark this harness scores, classified by its scorer's answer format (Scoring/TaskRegistry.cs); null for
    /// any other name. For multiple choice this is 1/(letters the scorer accepts): for date that is 1/6, where the
    /// items' own counts (in run summaries) give the exact 0.172.
    /// </summary>
    public static ChanceRate? ForKnownTask(string benchmark)
    {
        if (!TaskRegistry.ScoredNames.Contains(benchmark)) return null;
        var answers = TaskRegistry.Scorer(benchmark).Answers;
        return Of(answers.Kind, answers.Options is { } k ? [k] : [], $"benchmark '{benchmark}' as this harness scores it");
    }

    /// <summary>
    /// The one chance rate of a (family, benchmark): the points' own (all must agree), else the harness's scorer for
    /// that benchmark name, else an error asking for an answer format.
    /// </summary>
    public static ChanceRate ForGroup(string family, string benchmark, IReadOnlyList<ScalingPoint> points)
    {
        var given = points.Select(p => p.Chance).OfType<ChanceRate>().DistinctBy(c => Math.Round(c.Value, 9)).ToList();
        if (given.Count > 1)
            throw new InputException($"{family}/{benchmark}: the points disagree on the chance rate: {string.Join("; ", given.Select(c => $"{c.Value:G4} ({c.Basis})"))}");
        return given.FirstOrDefault() ?? ForKnownTask(benchmark)
            ?? throw new InputException($"{family}/{benchmark}: cannot tell the chance rate of benchmark '{benchmark}' (not a task this harness scores); describe its answers in the points CSV column answer_format ({FormatHelp})");
    }
}
