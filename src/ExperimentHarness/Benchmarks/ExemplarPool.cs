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
        var unknown = options.Keys.Except(OptionNames).Except(["task"]).ToList();
        if (unknown.Count > 0)
            throw new InputException($"benchmark '{name}': unknown option(s) {string.Join(", ", unknown)}; known: {string.Join(", ", OptionNames)}");
        if (!options.TryGetValue("exemplar_pool", out var text)) return new BenchmarkSplits(name, [], items);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) || size < 1 || size >= items.Count)
            throw new InputException($"benchmark '{name}': option 'exemplar_pool' must be an integer in [1, {items.Count - 1}], got '{text}'");
        var seed = options.TryGetValue("pool_seed", out var s) && ulong.TryParse(s, out var parsed) ? parsed : 0UL;
        var chosen = new SplitMix64(seed).Sample(items.Count, size).ToHashSet();
        return new BenchmarkSplits(name,
            items.Where((_, i) => chosen.Contains(i)).ToList(),
            items.Where((_, i) => !chosen.Contains(i)).ToList());
    }
}
