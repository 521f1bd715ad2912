using System.Globalization;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Benchmarks;

/// <summary>
/// For suites published without a train split: option <c>exemplar_pool: N</c> moves N items, chosen by
/// a seeded shuffle (option <c>pool_seed</c>, default 0), out of the test items into the exemplar pool,
/// so few-shot prompts never show an evaluated item. Without the option the train split is empty.
/// </summary>
public static class ExemplarPool
{
    public static readonly string[] OptionNames = ["exemplar_pool", "pool_seed"];

    public static BenchmarkSplits Split(string name, IReadOnlyList<BenchmarkItem> items, IReadOnlyDictionary<string, string> options)
    {
        var problems = new List<string>();
        var unknown = options.Keys.Except(OptionNames).Except(["task"]).ToList();
        if (unknown.Count > 0) problems.Add($"unknown option(s) {string.Join(", ", unknown)}; known: {string.Join(", ", OptionNames)}");
        var size = 0;
        if (options.TryGetValue("exemplar_pool", out var text)
            && !(int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out size) && size >= 1 && size < items.Count))
            problems.Add($"option 'exemplar_pool' must be an integer in [1, {items.Count - 1}], got '{text}'");
        var seed = 0UL;
        if (options.TryGetValue("pool_seed", out var seedText) && !ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
            problems.Add($"option 'pool_seed' must be a whole number ≥ 0, got '{seedText}'");
        if (problems.Count > 0) throw InputProblems.Of($"benchmark '{name}'", problems);
        if (text is null) return new BenchmarkSplits(name, [], items);
        var chosen = new SplitMix64(seed).Sample(items.Count, size).ToHashSet();
        return new BenchmarkSplits(name,
            items.Where((_, i) => chosen.Contains(i)).ToList(),
            items.Where((_, i) => !chosen.Contains(i)).ToList());
    }
}
