using ExperimentHarness.Benchmarks;
using ExperimentHarness.Foundation;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Tests.Benchmarks;

public class TaskRegistryTests
{
    [Fact]
    public void EveryTaskDeclaresItsSourceAndScorerUnderOneName()
    {
        Assert.Equal(13, TaskRegistry.Names.Count);
        foreach (var name in TaskRegistry.Names)
            Assert.Equal(name, TaskRegistry.Source(name).Name);
        Assert.Equal(TaskRegistry.Names.Where(n => n != "custom"), TaskRegistry.ScoredNames);
        foreach (var name in TaskRegistry.ScoredNames)
            Assert.Equal(name, TaskRegistry.Scorer(name).Task);
        Assert.Equal(new AnswerFormat(AnswerKind.MultipleChoice, 6), TaskRegistry.Scorer("date").Answers);
        Assert.Equal(AnswerKind.YesNo, TaskRegistry.Scorer("coin_flip").Answers.Kind);
    }

    [Fact]
    public void UnknownNamesAndCustomWithoutATaskAreInputErrorsListingTheKnownOnes()
    {
        Assert.Contains("known: arith, gsm8k", Assert.Throws<InputException>(() => TaskRegistry.Source("mmlu")).Message);
        var custom = Assert.Throws<InputException>(() => TaskRegistry.Scorer("custom"));   // scored as the task its option names
        Assert.Contains("unknown task 'custom'", custom.Message);
        Assert.Contains("aqua", custom.Message);
    }

    [Fact]
    public void OptionsAreDataRenderedOnlyWhenTheQuestionIsPosed()
    {
        var item = new BenchmarkItem("q", " Which? ", "B", null, ["red", "blue"]);
        Assert.Equal(" Which? ", item.Question);
        Assert.Equal("Which? Answer Choices: (A) red (B) blue", item.Posed);
        Assert.Equal(" Which? ", item.WithoutChoices().Posed);
        Assert.Equal("Plain?", new BenchmarkItem("p", "Plain?", "1").Posed);
    }
}
