using System.Text.RegularExpressions;
using ExperimentHarness.Config;
using ExperimentHarness.Runner;

namespace ExperimentHarness.Tests.Support;

/// <summary>
/// A real sweep through <see cref="RunJob"/> on scripted models: three sizes of family "toy" × four stacks (baseline, cot,
/// majority of 3, cot+majority) × 10 items. A model of size s answers item i correctly when i &lt; <c>solved[s]</c>; the third
/// sample of a majority always answers wrong, so votes differ. Every completion carries markup, as an untrusted model's might.
/// </summary>
public static class SmallSweep
{
    public const int Items = 10;
    public static readonly string[] Sizes = ["small", "medium", "large"];

    private const string Config = """
        models:
          - {path: ./small, family: toy, training_flops: 1e18}
          - {path: ./medium, family: toy, training_flops: 1e19}
          - {path: ./large, family: toy, training_flops: 1e20}
        benchmark: {name: toy}
        stacks: [[], [cot], ["majority(n=3, temperature=0.5)"], [cot, "majority(n=3, temperature=0.5)"]]
        output: {dir: out}
        """;

    /// <summary>Runs the sweep into <c>dir/out</c> (or <paramref name="output"/>) and returns that directory.</summary>
    public static string Run(string dir, int small = 2, int medium = 5, int large = 8, string? output = null) =>
        Run(dir, out _, small, medium, large, output);

    /// <summary>As <see cref="Run(string, int, int, int, string?)"/>, also counting the generation requests the models received.</summary>
    public static string Run(string dir, out int requests, int small = 2, int medium = 5, int large = 8, string? output = null)
    {
        Directory.CreateDirectory(dir);
        var config = Path.Combine(dir, "sweep.yaml");
        File.WriteAllText(config, Config);
        var loader = new PerModelLoader(new Dictionary<string, int> { ["small"] = small, ["medium"] = medium, ["large"] = large });
        new RunJob(loader, new FakeBenchmarkLoader(Items), new CapturingConsole())
            .ExecuteAll(config, new RunOverrides(output, null, null, null), CancellationToken.None);
        requests = loader.Engines.Sum(e => e.Seen.Count);
        return output ?? Path.Combine(dir, "out");
    }

    public static string Completion(int answer) => $"<script>alert('pwned')</script><b onclick=\"x()\">&amp;</b> The answer is {answer}.";

    private sealed class PerModelLoader(IReadOnlyDictionary<string, int> solved) : IModelLoader
    {
        public List<ScriptedEngine> Engines { get; } = [];

        public ILoadedModel Load(ModelSpec spec, int batchRows, CancellationToken ct)
        {
            var limit = solved[Path.GetFileName(spec.Path!)];
            var engine = new ScriptedEngine((request, sample) =>
            {
                var i = int.Parse(Regex.Matches(request.Prompt, @"What is (\d+) \+ 100\?")[^1].Groups[1].Value);
                return Completion(i < limit && sample != 2 ? i + 100 : 7);
            });
            Engines.Add(engine);
            return new FakeModelLoader(engine).Load(spec, batchRows, ct);
        }
    }
}
