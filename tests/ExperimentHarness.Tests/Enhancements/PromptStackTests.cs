using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Runner;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Enhancements;

public class PromptStackTests
{
    private static readonly BenchmarkSplits Splits = new("toy",
        Enumerable.Range(0, 20).Select(i => new BenchmarkItem($"tr{i}", $"What is {i} + 1?", $"{i + 1}",
            $"We add one to {i}: {i} + 1 = <<{i}+1={i + 1}>>{i + 1}.\n#### {i + 1}")).ToList(),
        [new BenchmarkItem("te0", "What is 40 + 2?", "42")]);

    private static PreparedStack Build(params string[] elements) =>
        EnhancementCatalog.Build(elements.Select(e => StackElementSyntax.TryParse(e, out _)!).ToList(), new StackContext(Splits, 1234)).WithoutPreparation();

    [Fact]
    public void EmptyStackIsZeroShotDirect()
    {
        var stack = Build();
        Assert.Equal("none", stack.Id);
        var prompt = PromptFormat.Render(stack.Plan(Splits.Test[0]));
        Assert.Equal("Problem: What is 40 + 2?\nAnswer:", prompt);
    }

    [Fact]
    public void FewShotDrawIsSeededAndSharedWithCot()
    {
        var direct = Build("fewshot(k=3)").Plan(Splits.Test[0]);
        var again = Build("fewshot(k=3)").Plan(Splits.Test[0]);
        var cot = Build("fewshot(k=3)", "cot").Plan(Splits.Test[0]);
        var otherSeed = Build("fewshot(k=3, seed=99)").Plan(Splits.Test[0]);

        Assert.Equal(3, direct.Exemplars.Count);
        Assert.Equal(direct.Exemplars.Select(e => e.Id), again.Exemplars.Select(e => e.Id));
        Assert.Equal(direct.Exemplars.Select(e => e.Id), cot.Exemplars.Select(e => e.Id));
        Assert.NotEqual(direct.Exemplars.Select(e => e.Id), otherSeed.Exemplars.Select(e => e.Id));
        Assert.Equal(ExemplarStyle.AnswerOnly, direct.Style);
        Assert.Equal(ExemplarStyle.WorkedSolution, cot.Style);
    }

    [Fact]
    public void CotExemplarsShowCleanedSolutionsEndingInTheAnswerSentence()
    {
        var prompt = PromptFormat.Render(Build("fewshot(ids=tr4)", "cot").Plan(Splits.Test[0]));
        Assert.Equal("Problem: What is 4 + 1?\nAnswer: We add one to 4: 4 + 1 = 5. The answer is 5.\n\nProblem: What is 40 + 2?\nAnswer:", prompt);
        var direct = PromptFormat.Render(Build("fewshot(ids=tr4)").Plan(Splits.Test[0]));
        Assert.StartsWith("Problem: What is 4 + 1?\nAnswer: The answer is 5.\n\n", direct);
    }

    [Fact]
    public void ZeroShotCotAddsTheTrigger()
    {
        var prompt = PromptFormat.Render(Build("cot(trigger=Think first.)").Plan(Splits.Test[0]));
        Assert.EndsWith("Answer: Think first.", prompt);
        // Free text stays out of the identity: the trigger is there as a hash of its text.
        Assert.Equal($"cot(trigger=sha256:{ContentHash.Of("Think first.")[..16]})", Build("cot(trigger=Think first.)").Id);
        Assert.NotEqual(Build("cot(trigger=Think first.)").Id, Build("cot(trigger=Think again.)").Id);
    }

    [Fact]
    public void StackIdentityIsCanonicalAndHashed()
    {
        var a = Build("fewshot(k=3, seed=5)", "cot");
        var b = Build("fewshot(seed=5, k=3)", "cot");
        Assert.Equal("fewshot(k=3,seed=5)+cot", a.Id);
        Assert.Equal(a.Hash, b.Hash);
        Assert.NotEqual(a.Hash, Build("fewshot(k=4, seed=5)", "cot").Hash);
    }

    [Theory]
    [InlineData(new[] { "telepathy" }, "unknown element 'telepathy'")]
    [InlineData(new[] { "cot", "cot" }, "more than once")]
    [InlineData(new[] { "fewshot(k=100)" }, "exceeds the 20 train items")]
    [InlineData(new[] { "fewshot(q=1)" }, "unknown parameter(s) q")]
    [InlineData(new[] { "fewshot(ids=nope)" }, "not in the train split: nope")]
    public void NonsenseStacksAreRejectedNamingTheElement(string[] elements, string message)
    {
        var ex = Assert.Throws<InputException>(() => Build(elements));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void SplitMixSampleIsAFixedPermutationPrefix()
    {
        var a = new SplitMix64(42).Sample(100, 10);
        Assert.Equal(a, new SplitMix64(42).Sample(100, 10));
        Assert.Equal(10, a.Distinct().Count());
        Assert.All(a, i => Assert.InRange(i, 0, 99));
        // The reference SplitMix64 output for seed 0; a change of algorithm would silently change every exemplar draw.
        Assert.Equal(0xE220A8397B1DCDAFUL, new SplitMix64(0).Next());
    }
}
