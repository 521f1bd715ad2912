using System.Text.Json;
using System.Text.RegularExpressions;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Tokenization;

/// <summary>
/// The <c>pre_tokenizer</c> of a byte-level BPE <c>tokenizer.json</c> as a chain of splitting steps, each applied
/// to every piece the previous ones produced: <c>Split</c> (a regex, behaviour Isolated: matches and the text
/// between them become pieces), <c>Digits</c> (digits isolated one by one, or as runs) and <c>ByteLevel</c>
/// (with use_regex, the GPT-2 pattern; add_prefix_space puts a space before text that lacks one). This covers
/// GPT-2/Pythia (ByteLevel), SmolLM2 (Digits then ByteLevel), Qwen2 and Llama 3 (Split then ByteLevel).
/// </summary>
public sealed class PreTokenizerPipeline
{
    /// <summary>The GPT-2 pre-tokenization pattern (contractions, letters, digits, other, whitespace runs).</summary>
    public const string Gpt2SplitPattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private readonly IReadOnlyList<CodePointRegex> _steps;
    private readonly bool _addPrefixSpace;

    private PreTokenizerPipeline(IReadOnlyList<CodePointRegex> steps, bool addPrefixSpace)
    {
        _steps = steps;
        _addPrefixSpace = addPrefixSpace;
    }

    public static PreTokenizerPipeline Gpt2 { get; } = new([new CodePointRegex(Gpt2SplitPattern)], false);

    /// <summary>Digits isolated one by one, then the GPT-2 pattern (SmolLM2's layout): numbers never merge into multi-digit tokens.</summary>
    public static PreTokenizerPipeline IndividualDigitsThenGpt2 { get; } = new([new CodePointRegex(@"\p{N}"), new CodePointRegex(Gpt2SplitPattern)], false);

    public IEnumerable<string> Split(string text)
    {
        if (_addPrefixSpace && text.Length > 0 && !char.IsWhiteSpace(text[0])) text = " " + text;
        IEnumerable<string> pieces = [text];
        foreach (var step in _steps) pieces = pieces.SelectMany(piece => Isolate(step, piece));
        return pieces;
    }

    /// <summary>Matches and the gaps between them, in order, empty ones dropped (the Isolated behaviour).</summary>
    private static IEnumerable<string> Isolate(CodePointRegex pattern, string text)
    {
        var at = 0;
        foreach (var (start, length) in pattern.Matches(text))
        {
            if (start > at) yield return text[at..start];
            yield return text.Substring(start, length);
            at = start + length;
        }
        if (at < text.Length) yield return text[at..];
    }

    public static PreTokenizerPipeline Read(JsonElement root, string file)
    {
        if (!root.TryGetProperty("pre_tokenizer", out var pre) || pre.ValueKind != JsonValueKind.Object)
            throw new InputException($"{file}: no pre_tokenizer (byte-level BPE files have ByteLevel, alone or in a Sequence)");
        var steps = pre.GetProperty("type").GetString() == "Sequence" ? pre.GetProperty("pretokenizers").EnumerateArray().ToList() : [pre];
        var regexes = new List<CodePointRegex>();
        var byteLevel = false;
        var prefixSpace = false;
        foreach (var step in steps)
        {
            switch (step.GetProperty("type").GetString())
            {
                case "Split":
                    var behavior = step.TryGetProperty("behavior", out var b) ? b.GetString() : "Isolated";
                    if (behavior != "Isolated" || (step.TryGetProperty("invert", out var inv) && inv.GetBoolean()))
                        throw new InputException($"{file}: pre_tokenizer Split with behavior '{behavior}'{(step.TryGetProperty("invert", out var i2) && i2.GetBoolean() ? " and invert" : "")} is not supported (expected Isolated)");
                    var pattern = step.GetProperty("pattern");
                    regexes.Add(new CodePointRegex(pattern.TryGetProperty("Regex", out var regex) ? regex.GetString()! : Regex.Escape(pattern.GetProperty("String").GetString()!)));
                    break;
                case "Digits":
                    var individual = step.TryGetProperty("individual_digits", out var d) && d.GetBoolean();
                    regexes.Add(new CodePointRegex(individual ? @"\p{N}" : @"\p{N}+"));
                    break;
                case "ByteLevel":
                    byteLevel = true;
                    prefixSpace = step.TryGetProperty("add_prefix_space", out var p) && p.GetBoolean();
                    if (!step.TryGetProperty("use_regex", out var use) || use.GetBoolean())
                        regexes.Add(new CodePointRegex(Gpt2SplitPattern));
                    break;
                case var other:
                    throw new InputException($"{file}: pre_tokenizer step '{other}' is not supported (supported: Split, Digits, ByteLevel)");
            }
        }
        if (!byteLevel) throw new InputException($"{file}: pre_tokenizer has no ByteLevel step (this harness reads byte-level BPE tokenizers)");
        return new PreTokenizerPipeline(regexes, prefixSpace);
    }
}
