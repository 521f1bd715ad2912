using ExperimentHarness.Benchmarks;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Runner;
using ExperimentHarness.Scoring;
using ExperimentHarness.Tests.Support;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Benchmarks;

public class BuiltInSuitesTests
{
    [Fact]
    public void Gsm8kLoadsBothSplitsAndEverySolutionScoresItsOwnGold()
    {
        var splits = TaskRegistry.Source("gsm8k").Load(new("gsm8k", Path.Combine(TestPaths.SharedData, "gsm8k"), new Dictionary<string, string>()));
        Assert.Equal(7473, splits.Train.Count);
        Assert.Equal(1319, splits.Test.Count);
        Assert.Equal("18", splits.Test[0].Gold);
        Assert.Equal("test-1", splits.Test[0].Id);
        var scorer = TaskRegistry.Scorer("gsm8k");
        foreach (var item in splits.Train.Concat(splits.Test))
        {
            var gold = scorer.NormalizeGold(item.Gold);
            Assert.True(scorer.IsCorrect(scorer.Strict.Extract(item.Solution!), gold), item.Id);
            // The CoT exemplar rendering keeps the answer extractable too.
            Assert.True(scorer.IsCorrect(scorer.Strict.Extract(PromptFormat.ExemplarAnswer(item, ExemplarStyle.WorkedSolution)), gold), item.Id);
        }
    }

    [Fact]
    public void Gsm8kBadLinesNameFileLineAndField()
    {
        var dir = TestPaths.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "train.jsonl"), "{\"question\": \"q\", \"answer\": \"a\\n#### 3\"}\n");
        File.WriteAllText(Path.Combine(dir, "test.jsonl"), "{\"question\": \"q\", \"answer\": \"x\\n#### 1\"}\n{\"question\": \"q2\"}\n");
        var ex = Assert.Throws<InputException>(() => new Gsm8kSource().Load(new("gsm8k", dir, new Dictionary<string, string>())));
        Assert.Contains("test.jsonl:2", ex.Message);
        Assert.Contains("'answer'", ex.Message);
        Assert.Throws<DirectoryNotFoundException>(() => new Gsm8kSource().Load(new("gsm8k", Path.Combine(dir, "nope"), new Dictionary<string, string>())));
    }

    [Fact]
    public void ArithIsDeterministicDisjointAndSelfConsistent()
    {
        var options = new Dictionary<string, string> { ["seed"] = "7", ["steps"] = "3", ["train_size"] = "300", ["test_size"] = "100" };
        var a = new ArithSource().Load(new("arith", null, options));
        var b = new ArithSource().Load(new("arith", null, options));
        Assert.Equal(a.Test.Select(i => i.Question), b.Test.Select(i => i.Question));
        Assert.Equal(300, a.Train.Count);
        Assert.Equal(100, a.Test.Count);
        Assert.Empty(a.Train.Select(i => i.Question).Intersect(a.Test.Select(i => i.Question)));
        var other = new ArithSource().Load(new("arith", null, new Dictionary<string, string>(options) { ["seed"] = "8" }));
        Assert.NotEqual(a.Test[0].Question, other.Test[0].Question);

        var scorer = TaskRegistry.Scorer("arith");
        foreach (var item in a.Train.Concat(a.Test))
        {
            Assert.True(int.Parse(item.Gold) >= 0);
            Assert.Equal(3, item.Question.Split("Then ").Length - 1);
            Assert.True(scorer.IsCorrect(scorer.Strict.Extract(item.Solution!), scorer.NormalizeGold(item.Gold)), item.Solution);
        }
    }

    [Fact]
    public void ArithSolutionsAreArithmeticallyRight()
    {
        foreach (var item in ArithSource.Enumerate(0, 4, "test").Take(200))
        {
            foreach (var step in System.Text.RegularExpressions.Regex.Matches(item.Solution!, @"(\d+) ([-+*/]) (\d+) = (\d+)"))
            {
                var m = (System.Text.RegularExpressions.Match)step;
                var (x, op, y, z) = (int.Parse(m.Groups[1].Value), m.Groups[2].Value, int.Parse(m.Groups[3].Value), int.Parse(m.Groups[4].Value));
                var expected = op switch { "+" => x + y, "-" => x - y, "*" => x * y, _ => x / y };
                Assert.Equal(expected, z);
                if (op == "/") Assert.Equal(0, x % y);
            }
        }
    }

    [Fact]
    public void UnknownBenchmarkAndBadOptionsAreErrors()
    {
        Assert.Contains("arith", Assert.Throws<InputException>(() => TaskRegistry.Source("mmlu-pro-max")).Message);
        Assert.Contains("'steps'", Assert.Throws<InputException>(() =>
            new ArithSource().Load(new("arith", null, new Dictionary<string, string> { ["steps"] = "zero" }))).Message);
        Assert.Contains("colour", Assert.Throws<InputException>(() =>
            new ArithSource().Load(new("arith", null, new Dictionary<string, string> { ["colour"] = "red" }))).Message);
    }
}
