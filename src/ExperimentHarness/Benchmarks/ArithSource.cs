using System.Globalization;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Benchmarks;

/// <summary>
/// <c>arith</c>: procedural arithmetic word problems (no data files). Options: <c>seed</c> (default 0),
/// <c>steps</c> (difficulty: operations per problem, default 2; a range <c>1-3</c> mixes the difficulties in
/// turn: item k has <c>1 + k mod 3</c> steps), <c>train_size</c> (default 1000), <c>test_size</c> (default 200).
/// Train and test come from separate seed streams and share no question.
/// </summary>
public sealed class ArithSource : IBenchmarkSource
{
    public string Name => "arith";

    public BenchmarkSplits Load(BenchmarkRequest request)
    {
        var known = new[] { "seed", "steps", "train_size", "test_size", "task" };
        var problems = new List<string>();
        var unknown = request.Options.Keys.Except(known).ToList();
        if (unknown.Count > 0) problems.Add($"unknown option(s) {string.Join(", ", unknown)}; known: {string.Join(", ", known)}");
        var seed = Option(request, "seed", 0, 0, int.MaxValue, problems);
        var (minSteps, maxSteps) = StepsOption(request, problems);
        var trainSize = Option(request, "train_size", 1000, 0, 1_000_000, problems);
        var testSize = Option(request, "test_size", 200, 1, 1_000_000, problems);
        if (problems.Count > 0) throw InputProblems.Of("benchmark 'arith'", problems);
        return Generate(seed, minSteps, maxSteps, trainSize, testSize);
    }

    public static BenchmarkSplits Generate(int seed, int steps, int trainSize, int testSize) => Generate(seed, steps, steps, trainSize, testSize);

    public static BenchmarkSplits Generate(int seed, int minSteps, int maxSteps, int trainSize, int testSize)
    {
        var test = TestSplit(seed, minSteps, maxSteps, testSize);
        var testQuestions = test.Select(i => i.Question).ToHashSet(StringComparer.Ordinal);
        var train = EnumerateMixed(seed, minSteps, maxSteps, "train").Where(i => !testQuestions.Contains(i.Question))
            .DistinctBy(i => i.Question).Take(trainSize).ToList();
        return new BenchmarkSplits("arith", train, test);
    }

    /// <summary>The first <paramref name="testSize"/> distinct test questions: every test split of that size or smaller is a prefix of it.</summary>
    public static IReadOnlyList<BenchmarkItem> TestSplit(int seed, int minSteps, int maxSteps, int testSize) =>
        EnumerateMixed(seed, minSteps, maxSteps, "test").DistinctBy(i => i.Question).Take(testSize).ToList();

    /// <summary>
    /// Difficulties <paramref name="minSteps"/>..<paramref name="maxSteps"/> in turn, each from its own stream; with one
    /// difficulty this is <see cref="Enumerate"/> itself (same items, same ids).
    /// </summary>
    public static IEnumerable<BenchmarkItem> EnumerateMixed(int seed, int minSteps, int maxSteps, string split)
    {
        if (minSteps == maxSteps)
        {
            foreach (var item in Enumerate(seed, minSteps, split)) yield return item;
            yield break;
        }
        var streams = Enumerable.Range(minSteps, maxSteps - minSteps + 1).Select(s => Enumerate(seed, s, split).GetEnumerator()).ToList();
        try
        {
            for (var index = 0; ; index++)
            {
                var stream = streams[index % streams.Count];
                stream.MoveNext();
                var steps = minSteps + index % streams.Count;
                yield return stream.Current with { Id = $"{split}-s{steps}-{index / streams.Count}" };
            }
        }
        finally
        {
            foreach (var stream in streams) stream.Dispose();
        }
    }

    /// <summary>An endless, deterministic stream of problems for one split (also the corpus for self-trained models).</summary>
    public static IEnumerable<BenchmarkItem> Enumerate(int seed, int steps, string split)
    {
        for (var index = 0L; ; index++) yield return ProblemAt(seed, steps, split, index);
    }

    /// <summary>Problem <paramref name="index"/> of a stream, without generating the ones before it.</summary>
    public static BenchmarkItem ProblemAt(int seed, int steps, string split, long index)
    {
        var stream = ContentHash.Seed("arith/v1", seed.ToString(CultureInfo.InvariantCulture), steps.ToString(CultureInfo.InvariantCulture), split);
        return ArithProblemGenerator.Make(stream + (ulong)index * 0x9E3779B97F4A7C15UL, steps, $"{split}-{index}");
    }

    /// <summary><c>steps</c>: one difficulty (<c>2</c>) or a range (<c>1-3</c>), each within [1, 12].</summary>
    private static (int Min, int Max) StepsOption(BenchmarkRequest request, List<string> problems)
    {
        if (!request.Options.TryGetValue("steps", out var text)) return (2, 2);
        var parts = text.Split('-');
        if (parts.Length is 1 or 2
            && parts.All(p => int.TryParse(p.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v is >= 1 and <= 12))
        {
            var values = parts.Select(p => int.Parse(p.Trim(), CultureInfo.InvariantCulture)).ToArray();
            if (values[0] <= values[^1]) return (values[0], values[^1]);
        }
        problems.Add($"option 'steps' must be an integer in [1, 12] or a range such as 1-3, got '{text}'");
        return (2, 2);
    }

    private static int Option(BenchmarkRequest request, string key, int fallback, int min, int max, List<string> problems)
    {
        if (!request.Options.TryGetValue(key, out var text)) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) return v;
        problems.Add($"option '{key}' must be an integer in [{min}, {max}], got '{text}'");
        return fallback;
    }
}
