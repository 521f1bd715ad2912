using System.Text.Json;
using System.Text.RegularExpressions;
using ExperimentHarness.Runner;
using Microsoft.ML.Tokenizers;

namespace ExperimentHarness.Models.Tokenization;

/// <summary>
/// Byte-level BPE from a Hugging Face <c>tokenizer.json</c> (Pythia, SmolLM2, Qwen2, Llama 3), built on
/// Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>. The split regex comes from the file: a
/// <c>ByteLevel</c> pre-tokenizer with use_regex means the GPT-2 pattern; a <c>Split</c> step gives its own
/// (Qwen2, Llama 3). Added tokens are matched whole before splitting.
/// </summary>
public sealed class ByteLevelBpeTokenizer : ITextTokenizer
{
    /// <summary>The GPT-2 pre-tokenization pattern (contractions, letters, digits, other, whitespace runs).</summary>
    public const string Gpt2SplitPattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private readonly BpeTokenizer _bpe;

    private ByteLevelBpeTokenizer(BpeTokenizer bpe, int? bosId, IReadOnlyList<int> eosIds, int vocabularySize)
    {
        _bpe = bpe;
        BosId = bosId;
        EosIds = eosIds;
        VocabularySize = vocabularySize;
    }

    public int? BosId { get; }

    public IReadOnlyList<int> EosIds { get; }

    public int VocabularySize { get; }

    public IReadOnlyList<int> Encode(string text)
    {
        var ids = _bpe.EncodeToIds(text);
        return BosId is { } bos ? [bos, .. ids] : ids;
    }

    public string Decode(IEnumerable<int> ids) => _bpe.Decode(ids.Where(i => i != BosId)) ?? "";

    /// <param name="eosIds">From the checkpoint's config.json (the model's own end tokens).</param>
    public static ByteLevelBpeTokenizer Load(string file, IReadOnlyList<int> eosIds)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"tokenizer not found: {file}", file);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var root = doc.RootElement;
            var model = root.GetProperty("model");
            var type = model.TryGetProperty("type", out var t) ? t.GetString() : "BPE";
            if (type != "BPE") throw new InputException($"{file}: model type '{type}' is not supported (expected byte-level BPE)");
            var vocab = model.GetProperty("vocab").EnumerateObject().Select(p => new KeyValuePair<string, int>(p.Name, p.Value.GetInt32())).ToList();
            var merges = model.GetProperty("merges").EnumerateArray()
                .Select(m => m.ValueKind == JsonValueKind.Array ? $"{m[0].GetString()} {m[1].GetString()}" : m.GetString()!).ToList();
            var added = root.TryGetProperty("added_tokens", out var a) && a.ValueKind == JsonValueKind.Array
                ? a.EnumerateArray().ToDictionary(e => e.GetProperty("content").GetString()!, e => e.GetProperty("id").GetInt32())
                : new Dictionary<string, int>();
            var pattern = SplitPattern(root, file);
            var bpe = BpeTokenizer.Create(new BpeOptions(vocab)
            {
                Merges = merges,
                SpecialTokens = added.Count == 0 ? null : added,
                PreTokenizer = new RegexPreTokenizer(new Regex(pattern, RegexOptions.Compiled), added.Count == 0 ? null : added),
                ByteLevel = true,
            });
            var size = Math.Max(vocab.Max(v => v.Value), added.Count == 0 ? 0 : added.Values.Max()) + 1;
            return new ByteLevelBpeTokenizer(bpe, BosFromPostProcessor(root, added), eosIds, size);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InputException($"{file}: not a byte-level BPE tokenizer.json ({ex.Message})", ex);
        }
    }

    private static string SplitPattern(JsonElement root, string file)
    {
        if (!root.TryGetProperty("pre_tokenizer", out var pre) || pre.ValueKind != JsonValueKind.Object)
            throw new InputException($"{file}: no pre_tokenizer (expected ByteLevel or a Sequence with Split)");
        var steps = pre.GetProperty("type").GetString() == "Sequence" ? pre.GetProperty("pretokenizers").EnumerateArray().ToList() : [pre];
        foreach (var step in steps)
        {
            var kind = step.GetProperty("type").GetString();
            if (kind == "Split" && step.GetProperty("pattern").TryGetProperty("Regex", out var regex))
                return regex.GetString()!;
            if (kind == "ByteLevel" && (!step.TryGetProperty("use_regex", out var use) || use.GetBoolean()))
                return Gpt2SplitPattern;
        }
        throw new InputException($"{file}: pre_tokenizer has no split rule this harness understands (ByteLevel with use_regex, or Split with a Regex)");
    }

    // Llama 3's TemplateProcessing puts <|begin_of_text|> before every sequence; GPT-2-style files add nothing.
    private static int? BosFromPostProcessor(JsonElement root, IReadOnlyDictionary<string, int> added)
    {
        if (!root.TryGetProperty("post_processor", out var post) || post.ValueKind != JsonValueKind.Object) return null;
        var processors = post.GetProperty("type").GetString() == "Sequence" ? post.GetProperty("processors").EnumerateArray().ToList() : [post];
        foreach (var p in processors)
        {
            if (p.GetProperty("type").GetString() != "TemplateProcessing") continue;
            var first = p.GetProperty("single")[0];
            if (first.TryGetProperty("SpecialToken", out var special) && added.TryGetValue(special.GetProperty("id").GetString()!, out var id))
                return id;
        }
        return null;
    }
}
