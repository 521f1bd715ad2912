using System.Text;
using System.Text.Json.Nodes;
using ExperimentHarness.Config;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models.Checkpoints;
using ExperimentHarness.Models.Tokenization;
using ExperimentHarness.Tests.Support;
using static TorchSharp.torch;

namespace ExperimentHarness.Tests.Fuzz;

/// <summary>
/// Seeded random bytes and mutations of valid files fed to the readers of user input: each case must succeed or
/// fail with an <see cref="InputException"/> (or a subclass), never another exception type, and finish within a
/// per-case timeout. A failure names the seed and the case so it can be replayed.
/// </summary>
public class ReaderFuzzTests
{
    private const int Cases = 300;
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(5);

    private static void Run(string reader, int seed, Func<Mutator, int, Action> makeCase)
    {
        var mutator = new Mutator(seed);
        var failures = new List<string>();
        for (var i = 0; i < Cases; i++)
        {
            var action = makeCase(mutator, i);
            var task = Task.Run(action);
            try
            {
                if (!task.Wait(PerCase)) failures.Add($"case {i}: no answer within {PerCase.TotalSeconds} s");
            }
            catch (AggregateException ex) when (ex.InnerException is InputException) { }
            catch (AggregateException ex)
            {
                var inner = ex.InnerException!;
                var frame = inner.StackTrace?.Split('\n').FirstOrDefault(f => f.Contains(" ExperimentHarness.", StringComparison.Ordinal))?.Trim();
                failures.Add($"case {i}: {inner.GetType().Name}: {inner.Message.Split('\n')[0]} ({frame})");
            }
        }
        Assert.True(failures.Count == 0, $"{reader} (seed {seed}): {failures.Count} cases ended in something other than success or InputException:\n" +
            string.Join("\n", failures.Take(20)));
    }

    private const string ValidYaml = """
        models:
          - {path: m1, family: toy, training_flops: 1e18}
          - path: m2
            training_flops: 2e18
            dtype: float32
        benchmark:
          name: arith
          limit: 5
          options: {test_size: 10}
        stacks: [[], [cot], ["fewshot(k=2, seed=1)", {majority: {n: 4}}]]
        generation: {max_new_tokens: 8, stop: ["\n\n"]}
        seed: 3
        fit: {replicates: 10}
        """;

    [Fact]
    public void YamlConfig() => Run("RunConfigReader", 11, (m, i) =>
    {
        var text = i % 5 == 0 ? Encoding.UTF8.GetString(m.RandomBytes(200)) : m.Mutate(ValidYaml);
        return () => RunConfigReader.Parse(text, "/fuzz/config.yaml");
    });

    [Fact]
    public void SafetensorsHeader()
    {
        var dir = TestPaths.NewTempDirectory();
        var valid = Path.Combine(dir, "valid.safetensors");
        using (var a = ones(2, 3))
        using (var b = zeros(4).to(bfloat16))
            SafetensorsWriter.Write(valid, [("a", a), ("b", b)], new Dictionary<string, string> { ["format"] = "pt" });
        var bytes = File.ReadAllBytes(valid);
        Run("SafetensorsReader", 12, (m, i) =>
        {
            var path = Path.Combine(dir, $"case{i}.safetensors");
            File.WriteAllBytes(path, i % 5 == 0 ? m.RandomBytes(64) : m.Mutate(bytes));
            return () =>
            {
                using var reader = new SafetensorsReader(path);
                foreach (var name in reader.Entries.Keys) reader.Read(name).Dispose();
            };
        });
    }

    [Fact]
    public void TokenizerJson()
    {
        var dir = TestPaths.NewTempDirectory();
        var text = File.ReadAllText(Path.Combine(TinyCheckpoints.Llama, "tokenizer.json"));
        var tree = JsonNode.Parse(text)!;
        Run("TokenizerFile", 13, (m, i) =>
        {
            var path = Path.Combine(dir, $"case{i}.json");
            File.WriteAllText(path, (i % 3) switch { 0 => m.MutateJson(tree), 1 => m.Mutate(text), _ => m.MutateJson(JsonNode.Parse(m.MutateJson(tree)) ?? tree) });
            return () =>
            {
                var tokenizer = TokenizerFile.Load(path, [0]);
                tokenizer.Decode(tokenizer.Encode("Problem: 12 + 7 = ? Answer: 19"));
            };
        });
    }

    [Fact]
    public void PointsCsv()
    {
        var dir = TestPaths.NewTempDirectory();
        const string valid = "family,model,training_flops,benchmark,stack,accuracy,n,answer_format\n" +
            "toy,s,1e18,arith,none,0.2,100,numeric\ntoy,m,1e19,arith,none,35%,100,\ntoy,s,1e18,arith,cot,0.3,100,multiple_choice:4\n";
        Run("PointsCsvReader", 14, (m, i) =>
        {
            var path = Path.Combine(dir, $"case{i}.csv");
            File.WriteAllBytes(path, i % 5 == 0 ? m.RandomBytes(120) : m.Mutate(Encoding.UTF8.GetBytes(valid)));
            return () => ExperimentHarness.Fitter.PointsCsvReader.Read(path);
        });
    }
}
