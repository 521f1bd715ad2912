using ExperimentHarness.Benchmarks;
using ExperimentHarness.Fitter;
using ExperimentHarness.Runner;
using ExperimentHarness.Scoring;
using ExperimentHarness.Tests.Support;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Fitter;

public class ChanceRatesTests
{
    [Theory]
    [InlineData("aqua", 0.2)]
    [InlineData("commonsenseqa", 0.2)]
    [InlineData("date", 1.0 / 6)]
    [InlineData("coin_flip", 0.5)]
    [InlineData("strategyqa", 0.5)]
    [InlineData("gsm8k", 0.0)]
    [InlineData("arith", 0.0)]
    [InlineData("last_letters", 0.0)]
    public void KnownTasksAreClassifiedByTheirScorersAnswerFormat(string benchmark, double chance) =>
        Assert.Equal(chance, ChanceRates.ForKnownTask(benchmark)!.Value, 12);

    [Theory]
    [InlineData("mmlu")]
    [InlineData("boolq")]
    [InlineData("custom")]
    public void AnUnknownTaskIsNotGivenASilentZero(string benchmark)
    {
        Assert.Null(ChanceRates.ForKnownTask(benchmark));
        var points = new List<ScalingPoint> { new("f", "m", 1e21, benchmark, "none", 0.3, 100) };
        var ex = Assert.Throws<InputException>(() => ChanceRates.ForGroup("f", benchmark, points));
        Assert.Contains("answer_format", ex.Message);
        Assert.Contains("multiple_choice:K", ex.Message);
    }

    [Theory]
    [InlineData("multiple_choice:4", 0.25)]
    [InlineData("Multiple_Choice:10", 0.1)]
    [InlineData("yes_no", 0.5)]
    [InlineData("numeric", 0.0)]
    [InlineData("free_text", 0.0)]
    public void CsvDescriptionsGiveTheirChanceRate(string text, double chance) =>
        Assert.Equal(chance, ChanceRates.Parse(text, "csv")!.Value, 12);

    [Theory]
    [InlineData("multiple_choice")]
    [InlineData("multiple_choice:1")]
    [InlineData("multiple_choice:four")]
    [InlineData("mc4")]
    [InlineData("yes_no:2")]
    public void UnclearCsvDescriptionsAreRejected(string text) => Assert.Null(ChanceRates.Parse(text, "csv"));

    [Fact]
    public void VaryingOptionCountsAverageOneOverK()
    {
        var rate = ChanceRates.Of(AnswerKind.MultipleChoice, [.. Enumerable.Repeat(6, 311), .. Enumerable.Repeat(5, 58)], "date")!;
        Assert.Equal((311 / 6.0 + 58 / 5.0) / 369, rate.Value, 12);
        Assert.Contains("5–6 options", rate.Basis);
        Assert.Null(ChanceRates.Of(AnswerKind.MultipleChoice, [], "no options"));
        Assert.Null(ChanceRates.Of(AnswerKind.MultipleChoice, [4, 1], "a one-option item"));
    }

    [Fact]
    public void TheDateSuitesItemsGiveItsExactChanceRateNotOneSixth()
    {
        // BIG-bench date_understanding: 311 records with 6 options and 58 with 5.
        var items = TaskRegistry.Source("date").Load(new BenchmarkRequest("date", Path.Combine(TestPaths.SharedData, "cot-suites"), new Dictionary<string, string>())).Test;
        var rate = ChanceRates.Of(AnswerKind.MultipleChoice, items.Select(i => i.Choices!.Count).ToList(), "date")!;
        Assert.Equal((311 / 6.0 + 58 / 5.0) / 369, rate.Value, 12);
    }

    [Fact]
    public void PointsMustAgreeAndTheirOwnRateWinsOverTheName()
    {
        ScalingPoint P(string model, ChanceRate? chance) => new("f", model, 1e21, "gsm8k", "none", 0.3, 100, Chance: chance);
        var four = new ChanceRate(0.25, "csv: multiple choice, 4 options → 1/4");
        Assert.Equal(0.25, ChanceRates.ForGroup("f", "gsm8k", [P("a", four), P("b", null)]).Value);
        Assert.Equal(0.0, ChanceRates.ForGroup("f", "gsm8k", [P("a", null)]).Value);
        var ex = Assert.Throws<InputException>(() => ChanceRates.ForGroup("f", "gsm8k", [P("a", four), P("b", new ChanceRate(0.5, "yes/no"))]));
        Assert.Contains("disagree", ex.Message);
    }
}
