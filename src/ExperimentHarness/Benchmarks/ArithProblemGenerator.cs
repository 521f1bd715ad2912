using System.Text;

namespace ExperimentHarness.Benchmarks;

/// <summary>
/// Makes multi-step arithmetic word problems with worked solutions. Each problem starts from a
/// quantity and applies <c>steps</c> operations (+, −, ×, exact ÷), keeping every intermediate value a
/// non-negative integer. Same (seed, steps, index) ⇒ same problem on every platform.
/// </summary>
public static class ArithProblemGenerator
{
    private static readonly string[] Names = ["Ada", "Ben", "Chloe", "Dev", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kemal", "Lena", "Mateo", "Nora", "Omar", "Priya"];
    private static readonly (string Plural, string Container)[] Things =
    [
        ("apples", "baskets"), ("stickers", "albums"), ("marbles", "jars"), ("pencils", "boxes"),
        ("stamps", "folders"), ("shells", "buckets"), ("coins", "purses"), ("cards", "decks"),
    ];

    public static BenchmarkItem Make(ulong seed, int steps, string id)
    {
        var rng = new SplitMix64(seed);
        var name = Names[rng.NextInt(Names.Length)];
        var (thing, container) = Things[rng.NextInt(Things.Length)];
        var value = 2 + rng.NextInt(40);
        var question = new StringBuilder($"{name} has {value} {thing}.");
        var solution = new StringBuilder($"{name} starts with {value} {thing}.");
        for (var s = 0; s < steps; s++)
        {
            var (text, next, op) = Step(rng, value, thing, container);
            question.Append(' ').Append(text);
            solution.Append(' ').Append(text.TrimEnd('.')).Append(": ").Append($"{value} {op} = {next}.");
            value = next;
        }
        question.Append($" How many {thing} does {name} have now?");
        solution.Append($"\n#### {value}");
        return new BenchmarkItem(id, question.ToString(), value.ToString(System.Globalization.CultureInfo.InvariantCulture), solution.ToString());
    }

    private static (string Text, int Next, string Op) Step(SplitMix64 rng, int value, string thing, string container)
    {
        while (true)
        {
            switch (rng.NextInt(4))
            {
                case 0:
                    var add = 1 + rng.NextInt(30);
                    return ($"Then {add} more {thing} are added.", value + add, $"+ {add}");
                case 1 when value > 1:
                    var sub = 1 + rng.NextInt(value - 1);
                    return ($"Then {sub} {thing} are given away.", value - sub, $"- {sub}");
                case 2 when value <= 50:
                    var times = 2 + rng.NextInt(3);
                    return ($"Then the number of {thing} becomes {times} times as large.", value * times, $"* {times}");
                case 3:
                    var divisors = Enumerable.Range(2, 4).Where(d => value % d == 0 && value / d > 0).ToList();
                    if (divisors.Count == 0) continue;
                    var d = divisors[rng.NextInt(divisors.Count)];
                    return ($"Then the {thing} are shared equally among {d} {container} and only one of them is kept.", value / d, $"/ {d}");
            }
        }
    }
}
