using System.Globalization;
using ExperimentHarness.Runner;

namespace ExperimentHarness.Benchmarks;

/// <summary>
/// <c>arith</c>: procedural arithmetic word problems (no data files). Options: <c>seed</c> (default 0),
/// <c>steps</c> (difficulty: operations per problem, default 2), <c>train_size</c> (default 1000),
/// <c>test_size</c> (default 200). Train and test come from separate seed streams and share no question.
/// </summary>
public sealed class ArithSource : IBenchmarkSource
{
    public string Name => "arith";

    public BenchmarkSplits Load(BenchmarkRequest request)
    {
        var known = new[] { "seed", "steps", "train_size", "test_size", "task" };
        var unknown = request.Options.Keys.Except(known).ToList();
        if (unknown.Count > 0)
            throw new InputException($"benchmark 'arith': unknown option(s) {string.Join(", ", unknown)}; known: {string.Join(", ", known)}");
        var seed = Option(request, "seed", 0, 0, int.MaxValue);
        var steps = Option(request, "steps", 2, 1, 12);
        var trainSize = Option(request, "train_size", 1000, 0, 1_000_000);
        var testSize = Option(request, "test_size", 200, 1, 1_000_000);
        return Generate(seed, steps, trainSize, testSize);
    }

    public static BenchmarkSplits Generate(int seed, int steps, int trainSize, int testSize)
    {
        var test = Enumerate(seed, steps, "test").DistinctBy(i => i.Question).Take(testSize).ToList();
        var testQuestions = test.Select(i => i.Question).ToHashSet(StringComparer.Ordinal);
        var train = Enumerate(seed, steps, "train").Where(i => !testQuestions.Contains(i.Question))
            .DistinctBy(i => i.Question).Take(trainSize).ToList();
        return new BenchmarkSplits("arith", train, test);
    }

    /// <summary>An endless, deterministic stream of problems for one split (also the corpus for self-trained models).</summary>
    public static IEnumerable<BenchmarkItem> Enumerate(int seed, int steps, string split)
    {
        var stream = ContentHash.Seed("arith/v1", seed.ToString(CultureInfo.InvariantCulture), steps.ToString(CultureInfo.InvariantCulture), split);
        for (var index = 0; ; index++)
            yield return ArithProblemGenerator.Make(stream + (ulong)index * 0x9E3779B97F4A7C15UL, steps, $"{split}-{index}");
    }

    private static int Option(BenchmarkRequest request, string key, int fallback, int min, int max)
    {
        if (!request.Options.TryGetValue(key, out var text)) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) return v;
        throw new InputException($"benchmark 'arith': option '{key}' must be an integer in [{min}, {max}], got '{text}'");
    }
}
