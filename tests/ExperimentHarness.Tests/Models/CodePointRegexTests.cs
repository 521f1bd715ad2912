using ExperimentHarness.Models.Tokenization;

namespace ExperimentHarness.Tests.Models;

public class CodePointRegexTests
{
    private static string[] Pieces(string pattern, string text) =>
        new CodePointRegex(pattern).Matches(text).Select(m => text.Substring(m.Start, m.Length)).ToArray();

    [Fact]
    public void CharactersOutsideTheBmpMatchTheirCategoryAndCountOnce()
    {
        // U+1D400 MATHEMATICAL BOLD CAPITAL A is a letter, U+1D7CF MATHEMATICAL BOLD DIGIT ONE a digit.
        Assert.Equal(["a\U0001D400b"], Pieces(@"\p{L}+", "a\U0001D400b"));
        Assert.Equal(["\U0001D7CF\U0001D7D0\U0001D7D1", "4"], Pieces(@"\p{N}{1,3}", "\U0001D7CF\U0001D7D0\U0001D7D14"));
        Assert.Equal(["\U0001F642\U0001F44D"], Pieces(@"\p{S}+", "\U0001F642\U0001F44D"));   // emoji are symbols
    }

    [Fact]
    public void MatchesMapBackToTheOriginalText()
    {
        var text = "x \U00020000\U00020001y 12";
        Assert.Equal(["x", " \U00020000\U00020001y", " 12"], Pieces(@" ?\p{L}+| ?\p{N}+", text));
        Assert.Equal(["ab", "cd"], Pieces(@"\p{L}+", "ab cd"));   // BMP-only text goes straight to the regex
    }

    [Fact]
    public void StandInsMatchNoLiteralOrWhitespaceTheOriginalWouldNot()
    {
        Assert.Empty(Pieces(@"[A-Za-z0-9\s]", "\U0001D400\U0001D7CF\U0001F642"));
        Assert.Empty(Pieces(@"[一-龥぀-ゟ゠-ヿ]", "\U00020000"));   // CJK extension B is not in the BMP ideograph range
    }
}
