using ExperimentHarness.Models.Tokenization;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Models;

public class TokenizerTests
{
    private static ByteLevelBpeTokenizer Tokenizer() =>
        ByteLevelBpeTokenizer.Load(Path.Combine(TinyCheckpoints.Llama, "tokenizer.json"), [512]);

    [Theory]
    [InlineData("Ada has 12 apples. Then 5 more apples are added.")]
    [InlineData("Ünïcödé — naïve café, 日本語, emoji 🙂!")]
    [InlineData("digits 1234567890 and 3.14159, -42")]
    [InlineData("  leading, double  spaces,\ttabs\n\nand new lines   ")]
    [InlineData("")]
    public void EncodeDecodeRoundTrips(string text)
    {
        var tokenizer = Tokenizer();
        Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
    }

    [Fact]
    public void MergesShortenFrequentTextAndSpecialTokensStayWhole()
    {
        var tokenizer = Tokenizer();
        var common = tokenizer.Encode("The answer is 18.");
        Assert.True(common.Count < "The answer is 18.".Length, $"{common.Count} tokens: merges not applied");
        var ids = tokenizer.Encode("end<|endoftext|>");
        Assert.Equal(512, ids[^1]);
        Assert.Equal(513, tokenizer.VocabularySize);
    }

    [Fact]
    public void TrainerIsDeterministic()
    {
        var corpus = new[] { "aaa bbb aaa ccc", "abab abab" };
        var (vocabA, mergesA) = ByteLevelBpeTrainer.Train(corpus, 5);
        var (vocabB, mergesB) = ByteLevelBpeTrainer.Train(corpus, 5);
        Assert.Equal(mergesA, mergesB);
        Assert.Equal(vocabA, vocabB);
        Assert.Equal(256 + mergesA.Count, vocabA.Count);
    }
}
