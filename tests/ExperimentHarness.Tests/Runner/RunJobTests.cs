using System.Text.Json;
using ExperimentHarness.Runner;
using ExperimentHarness.Store;
using ExperimentHarness.Tests.Support;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Runner;

public class RunJobTests
{
    private static string WriteConfig(string dir, string extra = "", int batchSize = 3)
    {
        var path = Path.Combine(dir, "job.yaml");
        File.WriteAllText(path, $"""
            model: {"{path: ./model, family: toy, training_flops: 1e18}"}
            benchmark: {"{name: toy}"}
            stack: [fewshot(k=2)]
            batch_size: {batchSize}
            output: {"{dir: out}"}
            {extra}
            """);
        return path;
    }

    private static int FirstAddend(GenerationRequest r) =>
        int.Parse(r.Prompt[(r.Prompt.LastIndexOf("What is ", StringComparison.Ordinal) + 8)..].Split(' ')[0]);

    // Answers correctly for even items, wrongly for odd ones.
    private static string Answer(GenerationRequest r, int sample) =>
        FirstAddend(r) % 2 == 0 ? $" So it is. The answer is {FirstAddend(r) + 100}." : " I think 7.";

    [Fact]
    public void RunWritesEveryItemAndASummary()
    {
        var dir = TestPaths.NewTempDirectory();
        var engine = new ScriptedEngine(Answer);
        var job = new RunJob(new FakeModelLoader(engine), new FakeBenchmarkLoader(10), new CapturingConsole());

        var summary = job.ExecuteAll(WriteConfig(dir), new RunOverrides(null, null, null, null), CancellationToken.None).Single();

        Assert.True(summary.Complete);
        Assert.Equal(10, summary.N);
        Assert.Equal(0.5, summary.Accuracy);
        Assert.Equal(0.5, summary.Flexible.Accuracy);      // odd items: last number 7 is wrong too
        Assert.Equal(0.5, summary.Strict.InvalidRate);     // odd items have no "The answer is"
        Assert.Equal(100, summary.Flops.InferenceTotal);
        Assert.Equal(10, summary.Flops.InferencePerItem);
        Assert.Equal("fewshot(k=2,seed=1234)", summary.Stack.Id);
        Assert.Equal("toy", summary.Model.Family);
        // Costs: zero-shot prompt "Problem: What is i + 100?\nAnswer:" (34 or 35 chars) + 3 generated tokens per item.
        var baseline = Enumerable.Range(0, 10).Sum(i => $"Problem: What is {i} + 100?\nAnswer:".Length + 3) / 10.0;
        Assert.Equal(baseline, summary.Costs.BaselineInferenceFlopsPerItem, 9);
        Assert.Equal(10 / baseline, summary.Costs.InferenceMultiple, 9);
        Assert.Equal(0, summary.Costs.OneTimeFlops);
        Assert.Equal(0, summary.Costs.OneTimeFractionOfPretraining);
        Assert.True(summary.ItemCorrect["test-0"]);
        Assert.False(summary.ItemCorrect["test-1"]);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "summary.json")));
        var root = json.RootElement;
        Assert.Equal(10, root.GetProperty("n").GetInt32());
        Assert.Equal(1e18, root.GetProperty("model").GetProperty("training_flops").GetDouble());
        Assert.Equal(2, root.GetProperty("accuracy_ci95").GetArrayLength());
        Assert.True(root.GetProperty("flops").TryGetProperty("inference_per_item", out _));
        Assert.True(root.GetProperty("flops").TryGetProperty("one_time", out _));
        Assert.True(root.GetProperty("tokens").TryGetProperty("generated", out _));
        Assert.Contains("fewshot(k=2)", root.GetProperty("config_text").GetString());
        Assert.Equal("0.107.0", root.GetProperty("versions").GetProperty("TorchSharp").GetString());
    }

    [Fact]
    public void CancelledRunKeepsFinishedItemsAndResumesWithoutDuplicates()
    {
        var dir = TestPaths.NewTempDirectory();
        var config = WriteConfig(dir);
        using var cts = new CancellationTokenSource();
        var first = new ScriptedEngine(Answer) { CancelAfterResults = 4, Cancellation = cts };
        var job = new RunJob(new FakeModelLoader(first), new FakeBenchmarkLoader(10), new CapturingConsole());

        Assert.ThrowsAny<OperationCanceledException>(() => job.ExecuteAll(config, new RunOverrides(null, null, null, null), cts.Token).Single());
        using (var partial = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "summary.json"))))
        {
            Assert.False(partial.RootElement.GetProperty("complete").GetBoolean());
            Assert.Equal(4, partial.RootElement.GetProperty("n").GetInt32());
        }

        var second = new ScriptedEngine(Answer);
        var resumed = new RunJob(new FakeModelLoader(second), new FakeBenchmarkLoader(10), new CapturingConsole())
            .ExecuteAll(config, new RunOverrides(null, null, null, null), CancellationToken.None).Single();

        Assert.Equal(6, second.Seen.Count);                 // only the unfinished items
        Assert.Equal(10, resumed.N);
        Assert.True(resumed.Complete);
        using var store = ResultsStore.Open(Path.Combine(dir, "out"));
        var items = store.ReadItems(resumed.Cell);
        Assert.Equal(10, items.Select(i => i.ItemId).Distinct().Count());
        Assert.Equal(10, items.Count);
    }

    [Fact]
    public void ItemSeedsAndKeysDoNotDependOnBatchSizeOrLimit()
    {
        var seeds = new List<Dictionary<string, ulong>>();
        foreach (var (batch, limit) in new[] { (1, 10), (7, 10), (3, 5) })
        {
            var dir = TestPaths.NewTempDirectory();
            var engine = new ScriptedEngine(Answer);
            new RunJob(new FakeModelLoader(engine), new FakeBenchmarkLoader(10), new CapturingConsole())
                .ExecuteAll(WriteConfig(dir, batchSize: batch), new RunOverrides(null, limit, null, null), CancellationToken.None).Single();
            seeds.Add(engine.Seen.ToDictionary(r => r.Prompt, r => r.Seed));
        }
        foreach (var (prompt, seed) in seeds[2])
        {
            Assert.Equal(seed, seeds[0][prompt]);
            Assert.Equal(seed, seeds[1][prompt]);
        }
        Assert.Equal(10, seeds[0].Values.Distinct().Count());
    }

    [Fact]
    public void MajorityStackDrawsNSamplesPerRequestAndReportsMajAtK()
    {
        var dir = TestPaths.NewTempDirectory();
        // Sample 0 is always wrong, samples 1-4 right: the first sample alone would score 0.
        var engine = new ScriptedEngine((r, s) => s == 0 ? "The answer is 1." : $"The answer is {FirstAddend(r) + 100}.");
        var config = WriteConfig(dir);
        File.WriteAllText(config, File.ReadAllText(config).Replace("stack: [fewshot(k=2)]", "stack: [fewshot(k=2), majority(n=5)]"));
        var summary = new RunJob(new FakeModelLoader(engine), new FakeBenchmarkLoader(6), new CapturingConsole())
            .ExecuteAll(config, new RunOverrides(null, null, null, null), CancellationToken.None).Single();

        Assert.All(engine.Seen, r => Assert.Equal(5, r.Samples));
        Assert.All(engine.Seen, r => Assert.Equal(0.7, r.Sampling.Temperature));
        Assert.Equal(1.0, summary.Accuracy);
        Assert.NotNull(summary.MajAtK);
        Assert.Equal(5, summary.MajAtK!.Count);
        Assert.Equal(0.8, summary.MajAtK[0], 12);       // maj@1 = per-sample accuracy 4/5
        Assert.Equal(1.0, summary.MajAtK[4], 12);
        Assert.InRange(summary.MajAtKFit!.Ceiling, 0.95, 1.0);     // the curve rises from 0.8 to 1 and saturates
        Assert.Equal(0.8, summary.MajAtKFit.AtOne, 12);
        Assert.Equal(6 * 50, summary.Flops.InferenceTotal);
        // Every item ran in this invocation, so the achieved rate is the executed total over the wall time.
        Assert.InRange(summary.FlopsPerS * summary.WallTimeS / summary.Flops.InferenceTotal, 0.999999, 1.000001);
    }

    [Fact]
    public void VerifierStackStoresSampleScoresAndReportsTheBestOfKCurve()
    {
        var dir = TestPaths.NewTempDirectory();
        // Samples 0 and 1 answer 1 (wrong), samples 2 and 3 the sum asked last in the prompt (right), on train and test items alike.
        var engine = new ScriptedEngine((r, s) =>
        {
            var last = System.Text.RegularExpressions.Regex.Matches(r.Prompt, @"What is (\d+) \+ (\d+)\?")[^1];
            return s < 2 ? "The answer is 1." : $"The answer is {int.Parse(last.Groups[1].Value) + int.Parse(last.Groups[2].Value)}.";
        });
        var config = WriteConfig(dir);
        File.WriteAllText(config, File.ReadAllText(config).Replace("stack: [fewshot(k=2)]",
            "stack: [\"verifier(n=4, train_items=20, train_samples=4, train_tokens=5)\"]"));
        var summary = new RunJob(new FakeModelLoader(engine, embedder: new LastNumberIsOneEmbedder()), new FakeBenchmarkLoader(6), new CapturingConsole(), Path.Combine(dir, "cache"))
            .ExecuteAll(config, new RunOverrides(null, null, null, null), CancellationToken.None).Single();

        Assert.Equal(1.0, summary.Accuracy);                     // the head ranks the right samples first
        double[] expected = [0.5, 5.0 / 6, 1.0, 1.0];            // best-of-k = P(a k-subset holds a right sample)
        Assert.Equal(4, summary.BestOfK!.Count);
        for (var k = 0; k < 4; k++) Assert.Equal(expected[k], summary.BestOfK[k], 12);
        Assert.InRange(summary.BestOfKFit!.Ceiling, 0.95, 1.0);
        Assert.Equal(0.5, summary.MajAtK![0], 12);

        using var store = ExperimentHarness.Store.ResultsStore.Open(Path.Combine(dir, "out"));
        var item = store.ReadItems(summary.Cell).First();
        Assert.All(item.Samples, s => Assert.NotNull(s.VerifierScore));
        Assert.True(item.Samples[2].VerifierScore > item.Samples[0].VerifierScore);
    }

    [Fact]
    public void ALockEntryRunsTheFetchedCheckpointWithTheLocksFamilyAndTrainingFlops()
    {
        var dir = TestPaths.NewTempDirectory();
        var member = Path.Combine(dir, "fetched", "smollm2", "360M");
        Directory.CreateDirectory(member);
        File.WriteAllText(Path.Combine(member, "config.json"), "{}");
        var config = WriteConfig(dir);
        File.WriteAllText(config, File.ReadAllText(config).Replace("model: {path: ./model, family: toy, training_flops: 1e18}",
            "model: {lock: smollm2/360M, models_dir: fetched}"));
        var engine = new ScriptedEngine((r, s) => "The answer is 1.");
        var summary = new RunJob(new FakeModelLoader(engine), new FakeBenchmarkLoader(2), new CapturingConsole())
            .ExecuteAll(config, new RunOverrides(null, null, null, null), CancellationToken.None).Single();

        var locked = ExperimentHarness.Models.Hub.ModelLockReader.Read(ExperimentHarness.Models.Hub.LockLocation.Resolve(null))
            .Family("smollm2").Members.Single(m => m.Name == "360M");
        Assert.Equal(member, summary.Model.Path);
        Assert.Equal("smollm2-360M", summary.Model.Name);
        Assert.Equal("smollm2", summary.Model.Family);
        Assert.Equal(locked.TrainingFlops, summary.Model.TrainingFlops);

        File.WriteAllText(config, File.ReadAllText(config).Replace("smollm2/360M", "smollm2/135M"));
        var missing = Assert.Throws<InputException>(() => new RunJob(new FakeModelLoader(engine), new FakeBenchmarkLoader(2), new CapturingConsole())
            .ExecuteAll(config, new RunOverrides(null, null, null, null), CancellationToken.None).Single());
        Assert.Contains("models fetch smollm2 --members 135M", missing.Message);
        File.WriteAllText(config, File.ReadAllText(config).Replace("smollm2/135M", "smollm2/9B"));
        var unknown = Assert.Throws<InputException>(() => new RunJob(new FakeModelLoader(engine), new FakeBenchmarkLoader(2), new CapturingConsole())
            .ExecuteAll(config, new RunOverrides(null, null, null, null), CancellationToken.None).Single());
        Assert.Contains("no member(s) 9B", unknown.Message);
    }

    [Fact]
    public void CommandLineOverridesReplaceModelDeviceLimitAndOutput()
    {
        var dir = TestPaths.NewTempDirectory();
        var job = new RunJob(new FakeModelLoader(new ScriptedEngine(Answer)), new FakeBenchmarkLoader(10), new CapturingConsole());
        var summary = job.ExecuteAll(WriteConfig(dir), new RunOverrides(Path.Combine(dir, "elsewhere"), 4, "cuda", null, "/models/other"), CancellationToken.None).Single();
        Assert.Equal("/models/other", summary.Model.Path);
        Assert.Equal("cuda", summary.Model.Device);
        Assert.Equal("bfloat16", summary.Model.Dtype);
        Assert.Equal(4, summary.N);
        Assert.True(File.Exists(Path.Combine(dir, "elsewhere", "summary.json")));
    }

    [Fact]
    public void ASmallerLimitAfterAFullRunSummarisesOnlyTheSelectedItems()
    {
        var dir = TestPaths.NewTempDirectory();
        var engine = new ScriptedEngine(Answer);
        var job = new RunJob(new FakeModelLoader(engine), new FakeBenchmarkLoader(10), new CapturingConsole());
        job.ExecuteAll(WriteConfig(dir), new RunOverrides(null, null, null, null), CancellationToken.None).Single();
        var limited = job.ExecuteAll(WriteConfig(dir), new RunOverrides(null, 4, null, null), CancellationToken.None).Single();
        Assert.Equal(10, engine.Seen.Count);              // nothing regenerated
        Assert.Equal(4, limited.N);
        Assert.True(limited.Complete);
        Assert.Equal(["test-0", "test-1", "test-2", "test-3"], limited.ItemCorrect.Keys.Order());
    }

    [Fact]
    public void ChangedSettingsStartANewCellInsteadOfMixingResults()
    {
        var dir = TestPaths.NewTempDirectory();
        var job = new RunJob(new FakeModelLoader(new ScriptedEngine(Answer)), new FakeBenchmarkLoader(4), new CapturingConsole());
        var a = job.ExecuteAll(WriteConfig(dir), new RunOverrides(null, null, null, null), CancellationToken.None).Single();
        var b = job.ExecuteAll(WriteConfig(dir, "seed: 99"), new RunOverrides(null, null, null, null), CancellationToken.None).Single();
        Assert.NotEqual(a.Cell, b.Cell);
        Assert.Equal(4, b.N);
    }
}

public class ZeroShotCotTests
{
    [Fact]
    public void ReasoningIsFollowedByAnAnswerStepWhoseTextIsScored()
    {
        var dir = TestPaths.NewTempDirectory();
        var config = Path.Combine(dir, "z.yaml");
        File.WriteAllText(config, "model: {path: m}\nbenchmark: {name: toy}\nstack: [cot]\noutput: {dir: out}\n");
        // First step: reasoning without the answer sentence. Second step (prompt ends with the answer trigger): the number.
        var engine = new ScriptedEngine((r, _) => r.Prompt.EndsWith("\nSo the answer is", StringComparison.Ordinal)
            ? $" {int.Parse(r.Prompt[(r.Prompt.LastIndexOf("What is ", StringComparison.Ordinal) + 8)..].Split(' ')[0]) + 100}."
            : " We add the numbers carefully.");
        var summary = new RunJob(new FakeModelLoader(engine), new FakeBenchmarkLoader(3), new CapturingConsole())
            .ExecuteAll(config, new RunOverrides(null, null, null, null), CancellationToken.None).Single();
        Assert.Equal(1.0, summary.Accuracy);
        Assert.Equal(6, engine.Seen.Count);                                   // two steps per item
        // The chunk's answer steps run together after its reasoning, not one generate call per item.
        Assert.Equal([false, false, false, true, true, true], engine.Seen.Select(r => r.ItemId.Contains("#followup")));
        var reasoning = engine.Seen.Where(r => !r.ItemId.Contains("#followup")).ToList();
        Assert.All(reasoning, r => Assert.EndsWith("Answer: " + ExperimentHarness.Enhancements.ChainOfThought.DefaultTrigger, r.Prompt));
        // Reasoning that states the answer trigger itself stops there: the answer step is where the answer is given.
        Assert.All(reasoning, r => Assert.Contains(ExperimentHarness.Enhancements.ChainOfThought.DefaultAnswerTrigger, r.Sampling.Stop));
        var answers = engine.Seen.Where(r => r.ItemId.Contains("#followup")).ToList();
        Assert.All(answers, r => Assert.Contains(" We add the numbers carefully.\nSo the answer is", r.Prompt));
        Assert.All(answers, r => Assert.Equal(0, r.Sampling.Temperature));
        Assert.Equal(3 * 20, summary.Flops.InferenceTotal);                   // both steps are charged
    }
}
