using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Enhancements;

public class RetrievalTests
{
    private static readonly BenchmarkSplits Splits = new("toy",
        Enumerable.Range(0, 50).Select(i => new BenchmarkItem($"tr{i}", $"What is {i * 10} + 1?", $"{i * 10 + 1}")).ToList(),
        [new BenchmarkItem("te0", "What is 243 + 1?", "244"), new BenchmarkItem("te1", "What is 40 + 1?", "41")]);

    private static EnhancementStack Build(params string[] elements) =>
        EnhancementCatalog.Build(elements.Select(e => StackElementSyntax.TryParse(e, out _)!).ToList(), new StackContext(Splits, 1));

    [Fact]
    public void NearestTrainQuestionsBecomeExemplarsMostSimilarLast()
    {
        var stack = Build("retrieval(k=3)", "cot");
        var embedder = new DigitEmbedder();
        var cache = TestPaths.NewTempDirectory();
        var (prepared, works) = stack.Prepare(new PrepareContext(embedder, cache, Splits.Test), CancellationToken.None);
        var work = works[0];
        Assert.Equal(50, work.Flops);
        Assert.Equal(50, work.ExecutedThisRun);

        var plan = prepared.Plan(Splits.Test[0]);                                 // 243: nearest are 240, 250, 230
        Assert.Equal(["tr23", "tr25", "tr24"], plan.Exemplars.Select(e => e.Id));
        Assert.Equal(1 + 2 * 50 * 2, plan.ExtraFlops.Executed);                 // the query embedding + scoring 50 2-d vectors
        Assert.Equal(ExemplarStyle.WorkedSolution, plan.Style);
        // The exact question is never its own exemplar (te1 "40 + 1" equals tr4's question).
        Assert.DoesNotContain("tr4", prepared.Plan(Splits.Test[1]).Exemplars.Select(e => e.Id));

        // Second preparation with the same embedder and corpus: the index is read from the cache, not rebuilt.
        var again = Build("retrieval(k=3)", "cot");
        var callsBefore = embedder.Calls;
        var (preparedAgain, reusedWork) = again.Prepare(new PrepareContext(embedder, cache, Splits.Test), CancellationToken.None);
        var reused = reusedWork[0];
        Assert.Equal(0, reused.ExecutedThisRun);
        Assert.Equal(50, reused.Flops);
        Assert.Equal(callsBefore + 2, embedder.Calls);                           // only the two queries
        Assert.Equal(plan.Exemplars.Select(e => e.Id), preparedAgain.Plan(Splits.Test[0]).Exemplars.Select(e => e.Id));
    }

    [Fact]
    public void RetrievalAndFewShotBothChoosingExemplarsIsRejected()
    {
        var ex = Assert.Throws<InputException>(() => Build("fewshot(k=2)", "retrieval(k=2)"));
        Assert.Contains("fewshot(k=2,seed=1) and retrieval(k=2)", ex.Message);
        Assert.Contains("fewer than k=60", Assert.Throws<InputException>(() => Build("retrieval(k=60)")).Message);
    }

    [Fact]
    public void PlanningAnUnpreparedItemIsAnError()
    {
        var stack = Build("retrieval(k=2)");
        Assert.Throws<InvalidOperationException>(() => stack.WithoutPreparation());
        var (prepared, _) = stack.Prepare(new PrepareContext(new DigitEmbedder(), TestPaths.NewTempDirectory(), [Splits.Test[0]]), CancellationToken.None);
        Assert.Equal(2, prepared.Plan(Splits.Test[0]).Exemplars.Count);
        Assert.Throws<ItemNotPreparedException>(() => prepared.Plan(Splits.Test[1]));
    }

    [Fact]
    public void PreparingLeavesTheBuiltStackAsItWasAndReturnsANewOne()
    {
        var stack = Build("retrieval(k=2)", "cot");
        var (prepared, _) = stack.Prepare(new PrepareContext(new DigitEmbedder(), TestPaths.NewTempDirectory(), Splits.Test), CancellationToken.None);
        Assert.IsType<Retrieval>(stack.Elements[0]);                  // still the unprepared element
        Assert.IsType<PreparedRetrieval>(prepared.Elements[0]);
        Assert.Equal(stack.Identity.Id, prepared.Identity.Id);
    }
}
