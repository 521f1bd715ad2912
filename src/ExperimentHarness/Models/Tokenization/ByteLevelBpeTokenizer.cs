using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Tokenization;

/// <summary>
/// Byte-level BPE from a Hugging Face <c>tokenizer.json</c> (Pythia, SmolLM2, Qwen2, Llama 3). The pipeline
/// follows the file: added tokens are matched whole first; the rest is normalised (<c>NFC</c>/<c>NFKC</c>/
/// <c>NFD</c>/<c>NFKD</c>, as Qwen2 declares), split by the file's pre-tokenizer steps
/// (<see cref="PreTokenizerPipeline"/>), and each piece is
/// merged by Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>. With <c>ignore_merges</c> (Llama 3) a piece
/// that is itself a vocabulary entry is emitted whole.
/// </summary>
public sealed class ByteLevelBpeTokenizer : ITextTokenizer
{
    private readonly BpeTokenizer _bpe;
    private readonly PreTokenizerPipeline _split;
    private readonly AddedTokens _added;
    private readonly IReadOnlyDictionary<string, int>? _wholePieces;
    private readonly NormalizationForm? _normalization;

    private ByteLevelBpeTokenizer(BpeTokenizer bpe, PreTokenizerPipeline split, IReadOnlyDictionary<string, int> added, IReadOnlyDictionary<string, int>? wholePieces,
        NormalizationForm? normalization, int? bosId, IReadOnlyList<int> eosIds, int vocabularySize)
    {
        _bpe = bpe;
        _split = split;
        _added = new AddedTokens(added);
        _wholePieces = wholePieces;
        _normalization = normalization;
        BosId = bosId;
        EosIds = eosIds;
        VocabularySize = vocabularySize;
    }

    public int? BosId { get; }

    public IReadOnlyList<int> EosIds { get; }

    public int VocabularySize { get; }

    public IReadOnlyList<int> Encode(string text)
    {
        var ids = new List<int>();
        if (BosId is { } bos) ids.Add(bos);
        foreach (var (segment, id) in _added.Segments(text))
        {
            if (id is { } added) ids.Add(added);
            else EncodeOrdinary(segment, ids);
        }
        return ids;
    }

    public string Decode(IEnumerable<int> ids) => _bpe.Decode(ids.Where(i => i != BosId)) ?? "";

    private void EncodeOrdinary(string text, List<int> ids)
    {
        if (text.Length == 0) return;
        if (_normalization is { } form) text = text.Normalize(form);
        foreach (var piece in _split.Split(text))
        {
            if (_wholePieces is not null && _wholePieces.TryGetValue(ByteLevelAlphabet.Encode(Encoding.UTF8.GetBytes(piece)), out var whole))
                ids.Add(whole);
            else
                ids.AddRange(_bpe.EncodeToIds(piece));
        }
    }

    // Left null, the library would split on whitespace and drop it; each piece must reach the merges whole.
    private static readonly RegexPreTokenizer WholePiece = new(new Regex(@"[\s\S]+", RegexOptions.Compiled), null);

    /// <param name="eosIds">From the checkpoint's config.json (the model's own end tokens).</param>
    public static ByteLevelBpeTokenizer Load(string file, IReadOnlyList<int> eosIds) => (ByteLevelBpeTokenizer)TokenizerFile.Load(file, eosIds);

    /// <param name="root">The parsed tokenizer.json (see <see cref="TokenizerFile"/>).</param>
    internal static ByteLevelBpeTokenizer Load(JsonElement root, string file, IReadOnlyList<int> eosIds)
    {
        try
        {
            var model = root.GetProperty("model");
            var type = model.TryGetProperty("type", out var t) ? t.GetString() : "BPE";
            if (type != "BPE") throw new InputException($"{file}: model type '{type}' is not supported (expected byte-level BPE)");
            var vocab = model.GetProperty("vocab").EnumerateObject().Select(p => new KeyValuePair<string, int>(p.Name, p.Value.GetInt32())).ToList();
            var merges = model.GetProperty("merges").EnumerateArray()
                .Select(m => m.ValueKind == JsonValueKind.Array ? $"{m[0].GetString()} {m[1].GetString()}" : m.GetString()!).ToList();
            var added = root.TryGetProperty("added_tokens", out var a) && a.ValueKind == JsonValueKind.Array
                ? a.EnumerateArray().ToDictionary(e => e.GetProperty("content").GetString()!, e => e.GetProperty("id").GetInt32())
                : new Dictionary<string, int>();
            var ignoreMerges = model.TryGetProperty("ignore_merges", out var im) && im.ValueKind == JsonValueKind.True;
            // The pieces are split here, so the BPE model sees one piece at a time (no pre-tokenizer of its own).
            var bpe = BpeTokenizer.Create(new BpeOptions(vocab)
            {
                Merges = merges,
                SpecialTokens = added.Count == 0 ? null : added,
                PreTokenizer = WholePiece,
                ByteLevel = true,
            });
            var size = Math.Max(vocab.Max(v => v.Value), added.Count == 0 ? 0 : added.Values.Max()) + 1;
            return new ByteLevelBpeTokenizer(bpe, PreTokenizerPipeline.Read(root, file), added,
                ignoreMerges ? vocab.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal) : null,
                Normalization(root, file), TokenizerFile.BosFromPostProcessor(root, added), eosIds, size);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InputException($"{file}: not a byte-level BPE tokenizer.json ({ex.Message})", ex);
        }
    }

    /// <summary>The Unicode normalisation the file asks for (none, or one of the four forms, alone or in a Sequence).</summary>
    private static NormalizationForm? Normalization(JsonElement root, string file)
    {
        if (!root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind != JsonValueKind.Object) return null;
        var steps = normalizer.GetProperty("type").GetString() == "Sequence" ? normalizer.GetProperty("normalizers").EnumerateArray().ToList() : [normalizer];
        NormalizationForm? form = null;
        foreach (var step in steps)
        {
            var kind = step.GetProperty("type").GetString();
            form = kind switch
            {
                "NFC" => NormalizationForm.FormC,
                "NFKC" => NormalizationForm.FormKC,
                "NFD" => NormalizationForm.FormD,
                "NFKD" => NormalizationForm.FormKD,
                _ => throw new InputException($"{file}: normalizer '{kind}' is not supported (byte-level BPE files use none or NFC/NFKC/NFD/NFKD)"),
            };
        }
        return form;
    }
}
