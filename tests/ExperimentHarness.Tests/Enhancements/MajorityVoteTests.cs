using ExperimentHarness.Config;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Runner;
using ExperimentHarness.Scoring;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Enhancements;

public class MajorityVoteTests
{
    private static MajorityVote Create(string text) => new(StackElementSyntax.TryParse(text, out _)!, 0);

    [Fact]
    public void DrawsNSamplesWithItsSamplingSettings()
    {
        var stack = new EnhancementStack([Create("majority(n=5, temperature=0.5, top_p=0.9)")]).WithoutPreparation();
        Assert.Equal(5, stack.Plan(new("a", "q", "1")).Samples);
        var ran = stack.SamplingFor(new SamplingOptions(64, 0, 1, ["\n"]));
        Assert.Equal((0.5, 0.9, 64), (ran.Temperature, ran.TopP, ran.MaxNewTokens));     // the vote's settings replace the config's
    }

    [Fact]
    public void MostFrequentValidAnswerWinsAndInvalidOnesDoNotVote()
    {
        var choice = MajorityVote.Vote(["3", null, null, null, "4", "3"], 1);
        Assert.Equal("3", choice.Value);
        Assert.Equal(0, choice.SampleIndex);
        Assert.Equal("majority", choice.Rule);
        Assert.Equal((2, 1), (choice.Votes, choice.RunnerUpVotes));          // the margin: 2 votes against 1
        Assert.Null(MajorityVote.Vote([null, null], 1).Value);
        var alone = MajorityVote.Vote(["5", "5", null], 1);
        Assert.Equal((2, 0), (alone.Votes, alone.RunnerUpVotes));
        var tie = MajorityVote.Vote(["5", "6"], 1);
        Assert.Equal((1, 1), (tie.Votes, tie.RunnerUpVotes));
    }

    [Fact]
    public void TiesBreakBySeedReproduciblyAndNotAlwaysTheFirstSeen()
    {
        string?[] answers = ["7", "9", "7", "9"];
        var winners = Enumerable.Range(0, 64).Select(s => MajorityVote.Vote(answers, (ulong)s).Value).ToList();
        Assert.Equal(winners, Enumerable.Range(0, 64).Select(s => MajorityVote.Vote(answers, (ulong)s).Value));
        Assert.Contains("7", winners);
        Assert.Contains("9", winners);
        Assert.All(Enumerable.Range(0, 64), s => Assert.Equal("majority-tie", MajorityVote.Vote(answers, (ulong)s).Rule));
    }

    [Fact]
    public void GreedyMajorityIsRejected()
    {
        var ex = Assert.Throws<InputException>(() => Create("majority(n=4, temperature=0)"));
        Assert.Contains("temperature > 0", ex.Message);
    }

    [Fact]
    public void TwoSelectorsInOneStackAreRejected()
    {
        var splits = new ExperimentHarness.Benchmarks.BenchmarkSplits("b", [], [new("a", "q", "1")]);
        // Same element twice is caught as a repeat; the selector rule is pinned through the stack itself.
        var stack = new EnhancementStack([Create("majority(n=3)")]).WithoutPreparation();
        Assert.Equal("3", stack.Select([new ExtractedAnswer("3", "x"), new ExtractedAnswer("3", "x"), new ExtractedAnswer("1", "x")], 0).Value);
        var ex = Assert.Throws<InputException>(() => EnhancementCatalog.Build(
            [StackElementSyntax.TryParse("majority(n=3)", out _)!, StackElementSyntax.TryParse("majority(n=5)", out _)!],
            new StackContext(splits, 1)));
        Assert.Contains("majority", ex.Message);
    }
}

public class MajorityAtKTests
{
    [Fact]
    public void MajAtNIsTheFullVoteAndMajAt1IsTheMeanSampleAccuracy()
    {
        // Item 0: 3 of 4 samples right; item 1: 1 of 4 right.
        IReadOnlyList<IReadOnlyList<string?>> samples = [["1", "1", "1", "2"], ["5", "6", "6", null]];
        var curve = MajorityAtK.Curve(samples, ["1", "5"], seed: 3, subsetsPerK: 4000);
        Assert.Equal(4, curve.Count);
        Assert.Equal((0.75 + 0.25) / 2, curve[0], 12);     // maj@1 = mean per-sample accuracy
        Assert.Equal(0.5, curve[3], 10);                   // maj@4: item 0 wins, item 1 loses (6 beats 5)
    }

    [Fact]
    public void ExactTwoSubsetValueIsRecovered()
    {
        // Samples a,a,b: 2-subsets {a,a} (a wins), {a,b} twice (tie: a wins half). P(a) = (1 + 0.5 + 0.5)/3.
        var exact = MajorityAtK.Curve([["a", "a", "b"]], ["a"], seed: 9, subsetsPerK: 3);
        Assert.Equal(2.0 / 3, exact[1], 12);
        var sampled = MajorityAtK.Curve([["a", "a", "b"]], ["a"], seed: 9, subsetsPerK: 2);   // 3 subsets > budget: random
        Assert.InRange(sampled[1], 0.5, 1.0);
    }

    [Fact]
    public void WinProbabilitySplitsTies()
    {
        Assert.Equal(1.0 / 3, MajorityAtK.WinProbability(["a", "b", "c"], "b"), 10);
        Assert.Equal(0, MajorityAtK.WinProbability(["a", "a", "b"], "b"));
        Assert.Equal(0, MajorityAtK.WinProbability([null, null], "b"));
    }
}
