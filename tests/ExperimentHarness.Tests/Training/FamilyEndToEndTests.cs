using System.Globalization;
using System.Text.Json;
using ExperimentHarness.Config;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using ExperimentHarness.Training;

namespace ExperimentHarness.Tests.Training;

[Collection(nameof(OptimizerStepCollection))]
public class FamilyEndToEndTests
{
    /// <summary>train-family → run (every member by its lock entry, two stacks) → fit, all through the CLI, as the README's main command does.</summary>
    [Fact]
    public async Task ATrainedFamilyRunsByItsLockEntriesAndFitsCeg()
    {
        var config = TinyFamily.Write("[1e9, 3e9, 9e9]");
        var dir = Path.GetDirectoryName(config.SourceFile)!;
        var console = new CapturingConsole();
        Assert.Equal(0, await CliHost.RunAsync(["train-family", "--config", config.SourceFile], console));
        Assert.True(File.Exists(Path.Combine(dir, "models", "tiny", "loss-vs-compute.png")));
        Assert.Contains(console.Lines, l => l.StartsWith("[1e9 ", StringComparison.Ordinal) && l.Contains("tokens/s", StringComparison.Ordinal) && l.Contains("of budget", StringComparison.Ordinal));

        // A self-trained family has no hub repository: fetching it is refused before anything is written.
        var fetchConsole = new CapturingConsole();
        Assert.Equal(3, await CliHost.RunAsync(["models", "fetch", "tiny", "--lock", config.LockFile, "--dir", Path.Combine(dir, "fetched")], fetchConsole));
        Assert.Contains(fetchConsole.Errors, e => e.Contains("was trained here by train-family", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(dir, "fetched")));

        var run = Path.Combine(dir, "run.yaml");
        File.WriteAllText(run, """
            models:
              - {lock: tiny/1e9, models_dir: models, lock_file: models.lock.json}
              - {lock: tiny/3e9, models_dir: models, lock_file: models.lock.json}
              - {lock: tiny/9e9, models_dir: models, lock_file: models.lock.json}
            benchmark: {name: arith, limit: 12, options: {seed: 0, steps: 1-2, test_size: 12}}
            stacks: [[], [cot]]
            generation: {max_new_tokens: 24}
            output: {dir: out}
            fit: {replicates: 20}
            """);
        var runConsole = new CapturingConsole();
        Assert.Equal(0, await CliHost.RunAsync(["run", "--config", run], runConsole));

        var family = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "models", "tiny", "family.json"))).RootElement;
        var flops = family.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("training_flops").GetDouble());
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "tiny-9e9", "cot", "summary.json"))).RootElement.GetProperty("model");
        Assert.Equal("tiny", summary.GetProperty("family").GetString());
        Assert.Equal(flops["9e9"], summary.GetProperty("training_flops").GetDouble());
        using var ceg = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "fit", "ceg.json")));
        var points = ceg.RootElement.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(3, points.Count);                              // cot on each member: a CEG, a bound or a refusal with its reason
        Assert.All(points, p => Assert.Equal("tiny", p.GetProperty("family").GetString()));
        Assert.Contains(runConsole.Lines, l => l.Contains("# Compute-equivalent gains", StringComparison.Ordinal) && l.Contains("| `cot` | tiny-9e9 |", StringComparison.Ordinal));   // the table is printed too
    }

    /// <summary>
    /// The shipped family config with its budgets cut to 2e10 and 5e10 FLOPs, retrained here, reaches the held-out losses
    /// recorded in reduced-family-reference.json (written by the same test with EH_RECORD_TRAINING_REFERENCE=1): the
    /// committed family's recipe still trains the same way. Tolerance 1e-4 (float summation order may differ across CPUs).
    /// </summary>
    [Fact]
    public void TheShippedFamilyConfigReducedRetrainsToItsRecordedReference()
    {
        var shipped = TrainFamilyConfigReader.Load(Path.Combine(TestPaths.RepoRoot, "configs", "family-arith.yaml"));
        var dir = TestPaths.NewTempDirectory();
        var config = shipped with { Budgets = [2e10, 5e10], ModelsRoot = Path.Combine(dir, "models"), LockFile = Path.Combine(dir, "lock.json"), EvalEvery = 20, CheckpointEvery = 1000 };
        var members = new FamilyTrainer(config).Run(_ => { }, _ => { }, CancellationToken.None);
        var measured = members.ToDictionary(m => m.Name, m => m.Log.Select(p => Math.Round(p.HeldOutLoss, 6)).ToList());

        var file = Path.Combine(TestPaths.RepoRoot, "tests", "ExperimentHarness.Tests", "Training", "reduced-family-reference.json");
        if (Environment.GetEnvironmentVariable("EH_RECORD_TRAINING_REFERENCE") == "1")
            File.WriteAllText(file, JsonSerializer.Serialize(measured, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var reference = JsonSerializer.Deserialize<Dictionary<string, List<double>>>(File.ReadAllText(file))!;
        Assert.Equal(reference.Keys.Order(), measured.Keys.Order());
        foreach (var (name, losses) in reference)
        {
            Assert.Equal(losses.Count, measured[name].Count);
            for (var i = 0; i < losses.Count; i++)
                Assert.True(Math.Abs(losses[i] - measured[name][i]) < 1e-4,
                    string.Create(CultureInfo.InvariantCulture, $"{name} evaluation {i}: recorded {losses[i]}, now {measured[name][i]}"));
        }
    }
}
