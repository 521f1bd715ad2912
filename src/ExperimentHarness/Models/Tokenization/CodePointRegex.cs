using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ExperimentHarness.Models.Tokenization;

/// <summary>
/// A pre-tokenizer regex matched per Unicode code point, as Hugging Face tokenizers matches it. .NET regexes
/// see UTF-16 units, so a character outside the BMP (math letters and digits, CJK extension B, emoji) is two
/// surrogates that match no <c>\p{L}</c>, <c>\p{N}</c> or <c>\p{S}</c> class and count twice in <c>{1,3}</c>.
/// Such text is matched on a copy where each of those characters is one BMP stand-in of the same general
/// category (none ASCII or whitespace), and the matches are mapped back to the original text.
/// </summary>
public sealed class CodePointRegex(string pattern)
{
    private readonly Regex _regex = new(pattern, RegexOptions.Compiled);

    /// <summary>Start and length (UTF-16 units of <paramref name="text"/>) of each non-empty match, in order.</summary>
    public IEnumerable<(int Start, int Length)> Matches(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)   // no surrogates: the regex sees code points already
        {
            foreach (Match m in _regex.Matches(text))
                if (m.Length > 0) yield return (m.Index, m.Length);
            yield break;
        }
        var (folded, original) = Fold(text);
        foreach (Match m in _regex.Matches(folded))
            if (m.Length > 0) yield return (original[m.Index], original[m.Index + m.Length] - original[m.Index]);
    }

    /// <summary>The text with one unit per code point, and for each unit (plus the end) its index in the original.</summary>
    private static (string Folded, int[] Original) Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        var original = new List<int>(text.Length + 1);
        var at = 0;
        foreach (var rune in text.EnumerateRunes())   // a lone surrogate comes as U+FFFD of length 1
        {
            original.Add(at);
            folded.Append(rune.IsBmp ? (char)rune.Value : StandIn(CharUnicodeInfo.GetUnicodeCategory(rune.Value)));
            at += rune.Utf16SequenceLength;
        }
        original.Add(text.Length);
        return (folded.ToString(), original.ToArray());
    }

    // One BMP character of each general category; none is ASCII, whitespace or a CJK ideograph, so no
    // literal or range in the families' patterns matches a stand-in that the original would not.
    private static char StandIn(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter => 'À',
        UnicodeCategory.LowercaseLetter => 'ß',
        UnicodeCategory.TitlecaseLetter => 'ǅ',
        UnicodeCategory.ModifierLetter => 'ʰ',
        UnicodeCategory.OtherLetter => 'ª',
        UnicodeCategory.NonSpacingMark => '\u0300',
        UnicodeCategory.SpacingCombiningMark => '\u0903',
        UnicodeCategory.EnclosingMark => '\u20DD',
        UnicodeCategory.DecimalDigitNumber => '\u0660',
        UnicodeCategory.LetterNumber => 'Ⅰ',
        UnicodeCategory.OtherNumber => '²',
        UnicodeCategory.ConnectorPunctuation => '‿',
        UnicodeCategory.DashPunctuation => '‐',
        UnicodeCategory.OpenPunctuation => '⁅',
        UnicodeCategory.ClosePunctuation => '⁆',
        UnicodeCategory.InitialQuotePunctuation => '‹',
        UnicodeCategory.FinalQuotePunctuation => '›',
        UnicodeCategory.OtherPunctuation => '¡',
        UnicodeCategory.MathSymbol => '±',
        UnicodeCategory.CurrencySymbol => '¢',
        UnicodeCategory.ModifierSymbol => '´',
        UnicodeCategory.OtherSymbol => '¦',
        UnicodeCategory.Format => '\u00AD',
        UnicodeCategory.PrivateUse => '\uE000',
        _ => '\u0378',   // unassigned
    };
}
