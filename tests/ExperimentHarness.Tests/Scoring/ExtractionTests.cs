using ExperimentHarness.Scoring;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Scoring;

public class ExtractionTests
{
    [Theory]
    [InlineData("So she pays $1,234.00 in total. The answer is $1,234.00.", "1234", "1234")]
    [InlineData("The answer is 6", "6", "6")]                                     // no final full stop
    [InlineData("#### 1,000", "1000", "1000")]
    [InlineData("The answer is -5. Next question: 7 apples", "-5", "7")]          // strict ignores text after
    [InlineData("Q: ... The answer is 3.\nA: we get 9. The answer is 9.", "9", "9")] // last, not first
    [InlineData("The answer is 18.0", "18", "18")]
    [InlineData("The answer is 12.30 dollars", "12.3", "12.3")]
    [InlineData("It costs 25%. That is all.", null, "25")]
    [InlineData("I do not know.", null, null)]
    [InlineData("The final answer is: 42", "42", "42")]
    [InlineData("the answer is .5", "0.5", "0.5")]
    public void NumericStrictAndFlexible(string completion, string? strict, string? flexible)
    {
        var scorer = TaskRegistry.Scorer("gsm8k");
        Assert.Equal(strict, scorer.Strict.Extract(completion).Value);
        Assert.Equal(flexible, scorer.Flexible.Extract(completion).Value);
    }

    [Theory]
    [InlineData("12.3", "12.30", true)]
    [InlineData("0.6666667", "0.6666666666666666", true)]
    [InlineData("0.67", "0.6666666666666666", false)]
    [InlineData("1000", "1,000", true)]
    [InlineData("5", "-5", false)]
    public void NumericComparisonIsAsDecimals(string predicted, string gold, bool correct)
    {
        var scorer = TaskRegistry.Scorer("addsub");
        var value = NumberNormalizer.Normalize(predicted);
        Assert.Equal(correct, scorer.IsCorrect(new ExtractedAnswer(value, "t"), scorer.NormalizeGold(gold)));
    }

    [Theory]
    [InlineData("aqua", "Among A through E, the answer is (B).", "B", "B")]
    [InlineData("aqua", "I pick C", null, "C")]
    [InlineData("commonsenseqa", "The answer is e", null, null)]                    // lower-case e is not a choice letter
    [InlineData("coin_flip", "Yes, because it was flipped twice. The answer is no.", "no", "no")]
    [InlineData("strategyqa", "Yes, because frost happens.", null, "yes")]
    [InlineData("last_letters", "The answer is \"yajo\".", "yajo", "yajo")]
    public void OtherAnswerFormats(string task, string completion, string? strict, string? flexible)
    {
        var scorer = TaskRegistry.Scorer(task);
        Assert.Equal(strict, scorer.Strict.Extract(completion).Value);
        Assert.Equal(flexible, scorer.Flexible.Extract(completion).Value);
    }

    [Fact]
    public void UnparseableGoldAndUnknownTaskAreErrors()
    {
        Assert.Throws<FormatException>(() => TaskRegistry.Scorer("gsm8k").NormalizeGold("about ten"));
        Assert.Throws<FormatException>(() => TaskRegistry.Scorer("aqua").NormalizeGold("F"));
        var ex = Assert.Throws<ExperimentHarness.Foundation.InputException>(() => TaskRegistry.Scorer("trivia"));
        Assert.Contains("gsm8k", ex.Message);
    }
}
