using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Runner;
using ExperimentHarness.Scoring;
using ExperimentHarness.Tests.Support;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Enhancements;

public class VerifierTests
{
    [Fact]
    public void SelectsTheBestScoredParseableSample()
    {
        var splits = new BenchmarkSplits("toy", Enumerable.Range(0, 10).Select(i => new BenchmarkItem($"t{i}", "q", "1")).ToList(), []);
        var verifier = new BestOfNVerifier(StackElementSyntax.TryParse("verifier(n=3, train_items=5)", out _)!, 0, new StackContext(splits, 1));
        var answers = new[] { new ExtractedAnswer("4", "x"), new ExtractedAnswer(null, "x"), new ExtractedAnswer("5", "x") };
        Assert.Equal("5", PreparedVerifier.SelectBest(answers, [0.2, 0.9, 0.6]).Value);    // the 0.9 sample has no answer
        Assert.Equal(2, PreparedVerifier.SelectBest(answers, [0.2, 0.9, 0.6]).SampleIndex);
        Assert.Equal(3, verifier.Draw.Samples);
        Assert.Contains("fewer than train_items=50", Assert.Throws<InputException>(() =>
            new BestOfNVerifier(StackElementSyntax.TryParse("verifier(train_items=50)", out _)!, 0, new StackContext(splits, 1))).Message);
    }

    [Fact]
    public void HeadLearnsSeparableFeaturesReportsAucAndRoundTripsThroughSafetensors()
    {
        var rng = new Random(5);
        var features = new List<float[]>();
        var labels = new List<bool>();
        var groups = new List<int>();
        for (var i = 0; i < 200; i++)
        {
            var good = i % 2 == 0;
            features.Add([good ? 1f + (float)rng.NextDouble() : -1f - (float)rng.NextDouble(), (float)rng.NextDouble()]);
            labels.Add(good);
            groups.Add(i / 4);
        }
        var trainer = new LogisticHeadTrainer();
        var head = trainer.Train(features, labels, groups, 3, "test provenance");
        Assert.True(head.ValidationAuc > 0.95, $"AUC {head.ValidationAuc}");
        Assert.True(head.Score([2f, 0.5f]) > 0.5);
        Assert.True(head.Score([-2f, 0.5f]) < 0.5);
        // 6·d per training example per epoch run (the ledger's logistic-head formula): a whole number of epochs, at least the best one.
        var heldOut = ValidationSplit.HeldOutGroups(groups, 3);
        var perEpoch = 6.0 * 2 * groups.Count(g => !heldOut.Contains(g));
        var epochsRun = head.TrainingFlops / perEpoch;
        Assert.Equal(Math.Round(epochsRun), epochsRun, 9);
        Assert.InRange(epochsRun, head.Epochs, 300);

        var path = Path.Combine(TestPaths.NewTempDirectory(), "head.safetensors");
        trainer.Save(path, head);
        var loaded = trainer.Load(path);
        Assert.Equal(head.Weights, loaded.Weights);
        Assert.Equal(head.Bias, loaded.Bias);
        Assert.Equal(head.ValidationAuc, loaded.ValidationAuc);
        Assert.Equal("test provenance", loaded.Provenance);
    }

    [Theory]
    [InlineData(new[] { 0.9, 0.8, 0.1 }, new[] { true, true, false }, 1.0)]
    [InlineData(new[] { 0.1, 0.95, 0.9 }, new[] { true, true, false }, 0.5)]
    [InlineData(new[] { 0.5, 0.5 }, new[] { true, false }, 0.5)]
    public void AucIsTheMannWhitneyStatistic(double[] scores, bool[] labels, double auc) =>
        Assert.Equal(auc, LogisticHeadTrainer.Auc(scores, labels), 12);

    [Fact]
    public void TrainsOnceSavesAndReusesTheHeadOnTheTinyCheckpoint()
    {
        var runs = new TinyVerifierRuns("verifier(n=2, train_items=6, train_samples=2, train_tokens=5)");
        var cache = runs.Cache;
        var first = runs.Run("a.yaml");
        var trained = Assert.Single(first.OneTimeWork);
        Assert.Contains("trained on 12 solutions", trained.Description);
        Assert.Equal(trained.Flops, trained.ExecutedThisRun);
        var headFile = Assert.Single(Directory.GetFiles(Path.Combine(cache, "verifier"), "*.safetensors"));
        Assert.True(new FileInfo(headFile).Length > 0);
        Assert.Equal(2, first.N);
        Assert.Equal(2, first.BestOfK!.Count);                 // the samples carry their verifier scores
        Assert.Equal(first.Accuracy, first.BestOfK[^1], 12);     // best-of-n is what the run submitted

        var second = runs.Run("b.yaml");
        var reused = Assert.Single(second.OneTimeWork);
        Assert.Equal(0, reused.ExecutedThisRun);
        Assert.Equal(trained.Flops, reused.Flops, 6);
        Assert.Contains("reused", reused.Description);
    }
}

/// <summary>Runs of a one-element verifier stack on the tiny Llama checkpoint over arith, sharing one cache directory.</summary>
internal sealed class TinyVerifierRuns(string verifier)
{
    private readonly string _dir = TestPaths.NewTempDirectory();
    private readonly CapturingConsole _console = new();

    public string Cache => Path.Combine(_dir, "cache");

    public RunSummary Run(string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, $"model: {{path: {TinyCheckpoints.Llama}, training_flops: 1e15}}\n" +
            "benchmark: {name: arith, limit: 2, options: {train_size: 20, test_size: 5}}\n" +
            $"stack: [\"{verifier}\"]\n" +
            $"generation: {{max_new_tokens: 5}}\noutput: {{dir: out-{name}}}\n");
        return new RunJob(new TorchModelLoader(_console), new SuiteBenchmarkLoader(), _console, Cache)
            .ExecuteAll(path, new RunOverrides(null, null, null, null), CancellationToken.None).Single();
    }
}

public class VerifierFineTuningTests
{
    [Fact]
    public void FineTuningVerifierTrainsOnceCachesTheCopyAndReusesIt()
    {
        var runs = new TinyVerifierRuns("verifier(n=2, train_items=6, train_samples=2, train_tokens=5, finetune_steps=3, finetune_batch=4)");
        var cache = runs.Cache;
        var first = runs.Run("a.yaml");
        var trained = Assert.Single(first.OneTimeWork);
        Assert.Contains("LM fine-tuned", trained.Description);
        Assert.Contains("finetune_steps=3", first.Stack.Id);
        var copy = Assert.Single(Directory.GetDirectories(Path.Combine(cache, "verifier"), "*.model"));
        Assert.True(File.Exists(Path.Combine(copy, "model.safetensors")));

        var second = runs.Run("b.yaml");
        var reused = Assert.Single(second.OneTimeWork);
        Assert.Equal(0, reused.ExecutedThisRun);
        Assert.Equal(trained.Flops, reused.Flops, 6);
        // Scores come from the same fine-tuned copy, so the same samples get the same submissions.
        Assert.Equal(first.ItemCorrect, second.ItemCorrect);
    }

    [Fact]
    public void HeadOnlyVerifierIdsDoNotMentionFineTuning()
    {
        var splits = new BenchmarkSplits("toy", Enumerable.Range(0, 10).Select(i => new BenchmarkItem($"t{i}", "q", "1")).ToList(), []);
        var plain = new BestOfNVerifier(StackElementSyntax.TryParse("verifier(n=3, train_items=5)", out _)!, 0, new StackContext(splits, 1));
        Assert.DoesNotContain("finetune", plain.Identity.Text);
        var tuned = new BestOfNVerifier(StackElementSyntax.TryParse("verifier(n=3, train_items=5, finetune_steps=10)", out _)!, 0, new StackContext(splits, 1));
        Assert.Contains("finetune_steps=10,finetune_batch=8,finetune_lr=1E-05,finetune_max_tokens=512", tuned.Identity.Text);
    }
}

public class VerifierTrainingPromptTests
{
    [Fact]
    public void TrainingPromptsAreShapedByTheEarlierElements()
    {
        var splits = new BenchmarkSplits("toy", Enumerable.Range(0, 12).Select(i => new BenchmarkItem($"t{i}", $"What is {i} + 1?", $"{i + 1}", $"{i} + 1 = {i + 1}.\n#### {i + 1}")).ToList(),
            [new BenchmarkItem("e0", "What is 50 + 1?", "51")]);
        var stack = EnhancementCatalog.Build(
            new[] { "fewshot(k=2)", "cot", "verifier(n=2, train_items=4, train_samples=1, train_tokens=3)" }.Select(e => StackElementSyntax.TryParse(e, out _)!).ToList(),
            new StackContext(splits, 1));
        var engine = new ScriptedEngine((_, _) => "The answer is 1.");
        var context = new PrepareContext(new DigitEmbedder(), TestPaths.NewTempDirectory(), splits.Test,
            new VerifierCapabilities(engine, TaskRegistry.Scorer("gsm8k"), new LogisticHeadTrainer(), splits));
        var (_, work) = stack.Prepare(context, CancellationToken.None);
        Assert.Equal(4, engine.Seen.Count);
        // Exemplars precede every question (one fewer when the train item is itself an exemplar).
        Assert.All(engine.Seen, r => Assert.InRange(r.Prompt.Split("Problem:").Length - 2, 1, 2));
        Assert.All(engine.Seen, r => Assert.Contains("The answer is", r.Prompt));             // worked solutions (cot) shown
        Assert.Contains(work, w => w.Description.Contains("trained on 4 solutions"));
    }
}
