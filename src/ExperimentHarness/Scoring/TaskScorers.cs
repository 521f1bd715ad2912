using ExperimentHarness.Foundation;

namespace ExperimentHarness.Scoring;

/// <summary>The scorer of each task, by name.</summary>
public static class TaskScorers
{
    private static readonly Dictionary<string, Func<ITaskScorer>> Catalog = new(StringComparer.Ordinal)
    {
        ["gsm8k"] = () => new NumericTaskScorer("gsm8k"),
        ["arith"] = () => new NumericTaskScorer("arith"),
        ["multiarith"] = () => new NumericTaskScorer("multiarith"),
        ["svamp"] = () => new NumericTaskScorer("svamp"),
        ["addsub"] = () => new NumericTaskScorer("addsub"),
        ["singleeq"] = () => new NumericTaskScorer("singleeq"),
        ["aqua"] = () => new ChoiceTaskScorer("aqua", "ABCDE"),
        ["commonsenseqa"] = () => new ChoiceTaskScorer("commonsenseqa", "ABCDE"),
        ["date"] = () => new ChoiceTaskScorer("date", "ABCDEF"),
        ["coin_flip"] = () => new YesNoTaskScorer("coin_flip"),
        ["strategyqa"] = () => new YesNoTaskScorer("strategyqa"),
        ["last_letters"] = () => new WordTaskScorer("last_letters"),
    };

    public static IReadOnlyCollection<string> Names => Catalog.Keys;

    public static ITaskScorer For(string task) =>
        Catalog.TryGetValue(task, out var create)
            ? create()
            : throw new InputException($"unknown task '{task}'; known tasks: {string.Join(", ", Catalog.Keys.Order())}");
}
