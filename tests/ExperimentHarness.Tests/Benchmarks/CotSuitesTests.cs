using ExperimentHarness.Benchmarks;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Runner;
using ExperimentHarness.Scoring;
using ExperimentHarness.Tests.Support;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Benchmarks;

public class CotSuitesTests
{
    private static readonly Dictionary<string, string> None = [];

    [Theory]
    [InlineData("multiarith", "MultiArith", 600)]
    [InlineData("addsub", "AddSub", 395)]
    [InlineData("singleeq", "SingleEq", 508)]
    [InlineData("svamp", "SVAMP", 1000)]
    [InlineData("aqua", "AQuA", 254)]
    [InlineData("coin_flip", "coin_flip", 500)]
    [InlineData("last_letters", "last_letters", 500)]
    [InlineData("commonsenseqa", "CommonsenseQA", 1221)]
    [InlineData("strategyqa", "StrategyQA", 2290)]
    [InlineData("date", "Bigbench_Date", 369)]
    public void EverySuiteLoadsAllRecordsWithParseableGolds(string name, string folder, int count)
    {
        var root = Path.Combine(TestPaths.SharedData, "cot-suites");
        var splits = TaskRegistry.Source(name).Load(new(name, root, None));
        var viaFolder = TaskRegistry.Source(name).Load(new(name, Path.Combine(root, folder), None));
        Assert.Equal(count, splits.Test.Count);
        Assert.Equal(count, viaFolder.Test.Count);
        Assert.Empty(splits.Train);
        Assert.Equal(count, splits.Test.Select(i => i.Id).Distinct().Count());
        var scorer = TaskRegistry.Scorer(name);
        foreach (var item in splits.Test)
        {
            var gold = scorer.NormalizeGold(item.Gold);
            // The answer sentence our exemplars use is always extracted back to the gold answer.
            Assert.True(scorer.IsCorrect(scorer.Strict.Extract(PromptFormat.FinalAnswerSentence(item.Gold)), gold), $"{item.Id}: {item.Gold}");
        }
    }

    [Fact]
    public void KnownRecordsAreReadAsPublished()
    {
        var root = Path.Combine(TestPaths.SharedData, "cot-suites");
        Assert.Equal("51.0", TaskRegistry.Source("svamp").Load(new("svamp", root, None)).Test[0].Gold);
        var aqua = TaskRegistry.Source("aqua").Load(new("aqua", root, None)).Test[0];
        Assert.Equal("A", aqua.Gold);
        Assert.Contains("Answer Choices: (A) 5(√3 + 1) (B) 6(√3 + √2)", aqua.Posed);
        Assert.EndsWith("#### A", aqua.Solution);
        var csqa = TaskRegistry.Source("commonsenseqa").Load(new("commonsenseqa", root, None)).Test[0];
        Assert.EndsWith("Answer Choices: (A) bank (B) library (C) department store (D) mall (E) new york", csqa.Posed);
        var strategy = TaskRegistry.Source("strategyqa").Load(new("strategyqa", root, None)).Test;
        Assert.Equal(1071, strategy.Count(i => i.Gold == "yes"));
        var dates = TaskRegistry.Source("date").Load(new("date", root, None)).Test;
        Assert.True(dates.Count(d => d.Gold == "A") < 150, "date options were not shuffled");   // stored order has the answer first 364/369 times
        Assert.Equal(dates.Select(d => d.Gold), TaskRegistry.Source("date").Load(new("date", root, None)).Test.Select(d => d.Gold));
    }

    [Fact]
    public void ExemplarPoolIsHeldOutOfTheTestItems()
    {
        var root = Path.Combine(TestPaths.SharedData, "cot-suites");
        var options = new Dictionary<string, string> { ["exemplar_pool"] = "20", ["pool_seed"] = "3" };
        var splits = TaskRegistry.Source("multiarith").Load(new("multiarith", root, options));
        Assert.Equal(20, splits.Train.Count);
        Assert.Equal(580, splits.Test.Count);
        Assert.Empty(splits.Train.Select(i => i.Id).Intersect(splits.Test.Select(i => i.Id)));
        Assert.Contains("exemplar_pool", Assert.Throws<InputException>(() =>
            TaskRegistry.Source("multiarith").Load(new("multiarith", root, new Dictionary<string, string> { ["exemplar_pool"] = "600" }))).Message);
    }

    [Fact]
    public void MissingFieldNamesFileRecordAndField()
    {
        var dir = TestPaths.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "AddSub.json"), """[{"iIndex": 1, "sQuestion": "q", "lSolutions": ["3"]}, {"iIndex": 2, "lSolutions": ["4"]}]""");
        var ex = Assert.Throws<InputException>(() => TaskRegistry.Source("addsub").Load(new("addsub", dir, None)));
        Assert.Contains("record 2", ex.Message);
        Assert.Contains("'sQuestion'", ex.Message);
        Assert.Throws<FileNotFoundException>(() => TaskRegistry.Source("svamp").Load(new("svamp", dir, None)));
    }
}
