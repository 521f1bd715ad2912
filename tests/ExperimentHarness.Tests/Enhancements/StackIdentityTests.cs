using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Enhancements;

public class StackIdentityTests
{
    private static readonly BenchmarkSplits Splits = new("toy",
        Enumerable.Range(0, 80).Select(i => new BenchmarkItem($"tr{i}", $"What is {i} + 1?", $"{i + 1}", $"{i} + 1 = {i + 1}.\n#### {i + 1}")).ToList(),
        [new BenchmarkItem("te0", "What is 40 + 2?", "42")]);

    private static EnhancementStack Build(StackContext context, params string[] elements) =>
        EnhancementCatalog.Build(elements.Select(e => StackElementSyntax.TryParse(e, out _)!).ToList(), context);

    private static EnhancementStack Build(params string[] elements) => Build(new StackContext(Splits, 1234), elements);

    [Theory]
    // The stacks of configs/arith-family.yaml (results stored under these ids) and of the shipped GSM8K configs.
    [InlineData(new string[0], "none")]
    [InlineData(new[] { "fewshot(k=4)" }, "fewshot(k=4,seed=1234)")]
    [InlineData(new[] { "cot" }, "cot")]
    [InlineData(new[] { "majority(n=5, temperature=0.5)" }, "majority(n=5,temperature=0.5,top_p=1)")]
    [InlineData(new[] { "cot", "majority(n=5, temperature=0.5)" }, "cot+majority(n=5,temperature=0.5,top_p=1)")]
    [InlineData(new[] { "verifier(n=5, temperature=0.5, train_items=64, train_samples=4, train_tokens=96)" },
        "verifier(n=5,temperature=0.5,train_items=64,train_samples=4,train_tokens=96,seed=1234)")]
    [InlineData(new[] { "fewshot(k=8)", "cot", "majority(n=16)" }, "fewshot(k=8,seed=1234)+cot+majority(n=16,temperature=0.7,top_p=1)")]
    [InlineData(new[] { "retrieval(k=8)", "cot", "majority(n=8)" }, "retrieval(k=8)+cot+majority(n=8,temperature=0.7,top_p=1)")]
    [InlineData(new[] { "fewshot(ids=tr1;tr2)" }, "fewshot(ids=tr1;tr2)")]
    public void OrdinaryStacksKeepTheIdsTheirStoredResultsAreKeyedBy(string[] elements, string id)
    {
        var stack = Build(elements);
        Assert.Equal(id, stack.Id);
        Assert.Equal(ContentHash.Of(id)[..16], stack.Hash);
        Assert.Equal(elements.Length, stack.Identity.Elements.Count);
    }

    [Fact]
    public void IdentityIsStructuredIntoElementsWithParameters()
    {
        var identity = Build("fewshot(k=3, seed=5)", "majority(n=4)").Identity;
        Assert.Equal(["fewshot", "majority"], identity.Elements.Select(e => e.Name));
        Assert.Equal([new ElementParameter("k", "3"), new ElementParameter("seed", "5")], identity.Elements[0].Parameters);
        Assert.Equal(["fewshot(k=3,seed=5)", "majority(n=4,temperature=0.7,top_p=1)"], identity.ElementTexts);
    }

    [Fact]
    public void TheSameStackWrittenInAnotherOrderIsOneStack()
    {
        var canonical = Build("fewshot(k=2)", "cot", "majority(n=3)");
        var shuffled = Build("majority(n=3)", "cot", "fewshot(k=2)");
        Assert.Equal("fewshot(k=2,seed=1234)+cot+majority(n=3,temperature=0.7,top_p=1)", shuffled.Id);
        Assert.Equal(canonical.Hash, shuffled.Hash);
        Assert.Equal(PromptFormat.Render(canonical.WithoutPreparation().Plan(Splits.Test[0])),
            PromptFormat.Render(shuffled.WithoutPreparation().Plan(Splits.Test[0])));
        // Written after its exemplars or before them, cot sees them (shapers run in canonical order): no zero-shot trigger.
        Assert.DoesNotContain(ChainOfThought.DefaultTrigger, PromptFormat.Render(Build("cot", "fewshot(k=2)").WithoutPreparation().Plan(Splits.Test[0])));
        Assert.Null(Build("cot", "fewshot(k=2)").WithoutPreparation().Plan(Splits.Test[0]).FollowUp);
    }

    [Fact]
    public void ZeroShotCotPlansItsAnswerStepAsData()
    {
        var plan = Build("cot(answer=Hence:)").WithoutPreparation().Plan(Splits.Test[0]);
        Assert.Equal(new FollowUpStep("Hence:", ChainOfThought.AnswerStepTokens), plan.FollowUp);
        Assert.Equal(ChainOfThought.DefaultTrigger, plan.ReasoningTrigger);
        Assert.Equal($"cot(answer=sha256:{ContentHash.Of("Hence:")[..16]})", Build("cot(answer=Hence:)").Id);
    }

    [Fact]
    public void ASeparateEmbedderIsIdentifiedByItsContentNotItsPath()
    {
        var root = TestPaths.NewTempDirectory();
        foreach (var copy in new[] { "a", "b" })
        {
            Directory.CreateDirectory(Path.Combine(root, copy));
            File.WriteAllText(Path.Combine(root, copy, "model.safetensors"), "same weights");
        }
        var context = new StackContext(Splits, 1, root) { HashCheckpoint = dir => ContentHash.OfFile(Path.Combine(dir, "model.safetensors")) };
        var a = Build(context, "retrieval(k=2, embedder=a)");
        var b = Build(context, "retrieval(k=2, embedder=b)");
        Assert.Equal(a.Id, b.Id);
        Assert.DoesNotContain(root, a.Id);
        Assert.Equal($"retrieval(k=2,embedder=sha256:{ContentHash.Of("same weights")[..16]})", a.Id);

        var missing = Assert.Throws<InputException>(() => Build(context, "retrieval(k=2, embedder=c)"));
        Assert.Contains("embedder", missing.Message);
        Assert.Contains(Path.Combine(root, "c"), missing.Message);
    }

    [Fact]
    public void MistakesFoundWhilePreparingAreInputErrorsNamingTheElementAndKey()
    {
        var root = TestPaths.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(root, "emb"));
        var context = new StackContext(Splits, 1, root) { HashCheckpoint = _ => new string('0', 64) };
        var noLoader = new PrepareContext(new DigitEmbedder(), TestPaths.NewTempDirectory(), Splits.Test);   // LoadEmbedder not set
        var retrieval = Assert.Throws<InputException>(() => Build(context, "retrieval(k=2, embedder=emb)").Prepare(noLoader, CancellationToken.None));
        Assert.Contains("stack[0]", retrieval.Message);
        Assert.Contains("'embedder'", retrieval.Message);

        var verifier = Assert.Throws<InputException>(() => Build("verifier(n=2, train_items=4)").Prepare(noLoader, CancellationToken.None));
        Assert.Contains("verifier", verifier.Message);
        var noFineTuner = noLoader with
        {
            Verifier = new VerifierCapabilities(new ScriptedEngine((_, _) => "1"), new LastNumberScorer(), new ExperimentHarness.Engine.LogisticHeadTrainer(), Splits),
        };
        var tuning = Assert.Throws<InputException>(() => Build("cot", "verifier(n=2, train_items=4, finetune_steps=2)").Prepare(noFineTuner, CancellationToken.None));
        Assert.Contains("stack[1]", tuning.Message);
        Assert.Contains("finetune_steps", tuning.Message);
    }
}
