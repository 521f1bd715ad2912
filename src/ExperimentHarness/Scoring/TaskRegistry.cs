using ExperimentHarness.Benchmarks;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Scoring;

/// <summary>
/// One task: where its items come from (<see cref="Source"/>: the data, its splits and exemplar pool) and how its
/// answers are scored (<see cref="Scorer"/>: extraction, gold normalisation and the answer format), declared
/// together. <see cref="Scorer"/> is null for <c>custom</c>, which is scored as the task its option <c>task</c> names.
/// </summary>
public sealed record TaskDefinition(IBenchmarkSource Source, Func<string, ITaskScorer>? Scorer)
{
    public string Name => Source.Name;
}

/// <summary>
/// Every task the harness runs, by name: the one registry of benchmarks and their scorers. It sits in Scoring,
/// the lowest layer that sees both the sources (Benchmarks) and the scorers.
/// </summary>
public static class TaskRegistry
{
    private static readonly IReadOnlyList<TaskDefinition> Tasks =
    [
        new(new ArithSource(), name => new NumericTaskScorer(name)),
        new(new Gsm8kSource(), name => new NumericTaskScorer(name)),
        new(CotSuites.MultiArith, name => new NumericTaskScorer(name)),
        new(CotSuites.AddSub, name => new NumericTaskScorer(name)),
        new(CotSuites.SingleEq, name => new NumericTaskScorer(name)),
        new(CotSuites.Svamp, name => new NumericTaskScorer(name)),
        new(CotSuites.Aqua, name => new ChoiceTaskScorer(name, "ABCDE")),
        new(CotSuites.CoinFlip, name => new YesNoTaskScorer(name)),
        new(CotSuites.LastLetters, name => new WordTaskScorer(name)),
        new(CotSuites.CommonsenseQa, name => new ChoiceTaskScorer(name, "ABCDE")),
        new(CotSuites.StrategyQa, name => new YesNoTaskScorer(name)),
        new(CotSuites.Date, name => new ChoiceTaskScorer(name, "ABCDEF")),
        new(new CustomSource(), null),
    ];

    /// <summary>Every benchmark name, <c>custom</c> included.</summary>
    public static IReadOnlyList<string> Names { get; } = Tasks.Select(t => t.Name).ToList();

    /// <summary>The tasks that have a scorer of their own (what <c>custom</c>'s option <c>task</c> and <c>score --task</c> may name).</summary>
    public static IReadOnlyList<string> ScoredNames { get; } = Tasks.Where(t => t.Scorer is not null).Select(t => t.Name).ToList();

    public static IBenchmarkSource Source(string name) =>
        Tasks.FirstOrDefault(t => t.Name == name)?.Source
        ?? throw new InputException($"unknown benchmark '{name}'; known: {string.Join(", ", Names)}");

    public static ITaskScorer Scorer(string task) =>
        Tasks.FirstOrDefault(t => t.Name == task) is { Scorer: { } create }
            ? create(task)
            : throw new InputException($"unknown task '{task}'; known tasks: {string.Join(", ", ScoredNames.Order())}");
}
