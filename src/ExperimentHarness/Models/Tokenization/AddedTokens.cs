using System.Text.RegularExpressions;

namespace ExperimentHarness.Models.Tokenization;

/// <summary>
/// A tokenizer's added tokens (special and otherwise), matched whole before any other processing: text is cut
/// into ordinary segments and added-token ids, in order. Longest first, so an added token that contains another wins.
/// </summary>
public sealed class AddedTokens(IReadOnlyDictionary<string, int> tokens)
{
    private readonly Regex? _pattern = tokens.Count == 0 ? null
        : new Regex(string.Join("|", tokens.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)), RegexOptions.Compiled);

    public IReadOnlyDictionary<string, int> Tokens => tokens;

    /// <summary>Ordinary text segments (Id null, possibly empty) and added tokens (Id set), in order.</summary>
    public IEnumerable<(string Text, int? Id)> Segments(string text)
    {
        var at = 0;
        if (_pattern is not null)
            foreach (Match m in _pattern.Matches(text))
            {
                yield return (text[at..m.Index], null);
                yield return (m.Value, tokens[m.Value]);
                at = m.Index + m.Length;
            }
        yield return (text[at..], null);
    }
}
