using System.Globalization;
using System.Text;
using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Tokenization;

/// <summary>
/// SentencePiece-style BPE from a <c>tokenizer.json</c> (Llama 2, TinyLlama, Mistral): spaces become "▁" and
/// a "▁" is put before the text (the legacy Prepend+Replace normaliser on every piece between added tokens,
/// or a Metaspace pre-tokenizer with its prepend scheme), the whole piece is merged by rank over characters,
/// and characters outside the vocabulary fall back to their UTF-8 bytes as &lt;0xXX&gt; tokens. Decoding
/// reverses it and drops the one leading space the encoder added, as the file's decoder does.
/// </summary>
public sealed class SentencePieceBpeTokenizer : ITextTokenizer
{
    private const string Space = "▁";
    private readonly IReadOnlyDictionary<string, int> _vocab;
    private readonly IReadOnlyDictionary<int, string> _pieces;
    private readonly AddedTokens _added;
    private readonly BpeMerger _merger;
    private readonly int? _unk;
    private readonly bool _prependEveryPiece;

    private SentencePieceBpeTokenizer(IReadOnlyDictionary<string, int> vocab, IReadOnlyDictionary<string, int> added, BpeMerger merger,
        int? unk, bool prependEveryPiece, int? bosId, IReadOnlyList<int> eosIds)
    {
        _vocab = vocab;
        _added = new AddedTokens(added);
        _pieces = vocab.Concat(added).GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.First().Key);
        _merger = merger;
        _unk = unk;
        _prependEveryPiece = prependEveryPiece;
        BosId = bosId;
        EosIds = eosIds;
        VocabularySize = _pieces.Keys.Max() + 1;
    }

    public int? BosId { get; }

    public IReadOnlyList<int> EosIds { get; }

    public int VocabularySize { get; }

    /// <summary>True for a tokenizer.json of this kind: BPE with byte fallback and "▁" for spaces.</summary>
    public static bool Describes(JsonElement root) =>
        root.GetProperty("model").TryGetProperty("byte_fallback", out var fallback) && fallback.ValueKind == JsonValueKind.True;

    public IReadOnlyList<int> Encode(string text)
    {
        var ids = new List<int>();
        if (BosId is { } bos) ids.Add(bos);
        var first = true;
        foreach (var (segment, id) in _added.Segments(text))
        {
            if (id is { } added)
            {
                ids.Add(added);
                first = false;
            }
            else EncodePiece(segment, first, ids);
        }
        return ids;
    }

    private void EncodePiece(string text, bool first, List<int> ids)
    {
        if (text.Length == 0) return;
        var normalised = (first || _prependEveryPiece ? Space : "") + text.Replace(" ", Space);
        var symbols = new List<string>();
        foreach (var rune in normalised.EnumerateRunes())
        {
            var s = rune.ToString();
            if (_vocab.ContainsKey(s)) symbols.Add(s);
            else
            {
                var bytes = new byte[rune.Utf8SequenceLength];
                rune.EncodeToUtf8(bytes);
                symbols.AddRange(bytes.Select(b => $"<0x{b:X2}>"));
            }
        }
        foreach (var symbol in _merger.Merge(symbols))
            ids.Add(_vocab.TryGetValue(symbol, out var id) ? id : _unk ?? throw new InvalidOperationException($"'{symbol}' is not in the vocabulary and there is no unk token"));
    }

    public string Decode(IEnumerable<int> ids)
    {
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            if (id == BosId || !_pieces.TryGetValue(id, out var piece)) continue;
            if (piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece.EndsWith('>')
                && byte.TryParse(piece.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
                bytes.Add(b);
            else
                bytes.AddRange(Encoding.UTF8.GetBytes(piece.Replace(Space, " ")));
        }
        var text = Encoding.UTF8.GetString(bytes.ToArray());
        return text.StartsWith(' ') ? text[1..] : text;
    }

    /// <param name="eosIds">From the checkpoint's config.json.</param>
    public static SentencePieceBpeTokenizer Load(JsonElement root, string file, IReadOnlyList<int> eosIds)
    {
        var model = root.GetProperty("model");
        var vocab = model.GetProperty("vocab").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
        var ranks = new Dictionary<(string, string), int>();
        foreach (var (merge, rank) in model.GetProperty("merges").EnumerateArray().Select((m, i) => (m, i)))
        {
            var (a, b) = merge.ValueKind == JsonValueKind.Array ? (merge[0].GetString()!, merge[1].GetString()!)
                : merge.GetString()!.Split(' ', 2) is [var x, var y] ? (x, y) : throw new InputException($"{file}: merge {rank} is not 'a b'");
            ranks.TryAdd((a, b), rank);
        }
        var added = root.TryGetProperty("added_tokens", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().ToDictionary(e => e.GetProperty("content").GetString()!, e => e.GetProperty("id").GetInt32())
            : new Dictionary<string, int>();
        int? unk = model.TryGetProperty("unk_token", out var u) && u.ValueKind == JsonValueKind.String && vocab.TryGetValue(u.GetString()!, out var unkId) ? unkId : null;
        return new SentencePieceBpeTokenizer(vocab, added, new BpeMerger(ranks), unk, PrependsEveryPiece(root, file),
            TokenizerFile.BosFromPostProcessor(root, added), eosIds);
    }

    /// <summary>
    /// Legacy files prepend "▁" by a normaliser, which runs on every piece between added tokens; newer ones use a
    /// Metaspace pre-tokenizer whose "first" scheme prepends only at the start of the text.
    /// </summary>
    private static bool PrependsEveryPiece(JsonElement root, string file)
    {
        if (root.TryGetProperty("pre_tokenizer", out var pre) && pre.ValueKind == JsonValueKind.Object)
        {
            if (pre.GetProperty("type").GetString() != "Metaspace")
                throw new InputException($"{file}: a byte-fallback BPE tokenizer with pre_tokenizer '{pre.GetProperty("type").GetString()}' is not supported (expected Metaspace or none)");
            var scheme = pre.TryGetProperty("prepend_scheme", out var s) ? s.GetString() : "always";
            if (pre.TryGetProperty("split", out var split) && split.GetBoolean())
                throw new InputException($"{file}: Metaspace with split=true is not supported");
            return scheme switch
            {
                "always" => true,
                "first" => false,
                _ => throw new InputException($"{file}: Metaspace prepend_scheme '{scheme}' is not supported (expected always or first)"),
            };
        }
        if (root.TryGetProperty("normalizer", out var normalizer) && normalizer.ValueKind == JsonValueKind.Object)
        {
            var steps = normalizer.GetProperty("type").GetString() == "Sequence" ? normalizer.GetProperty("normalizers").EnumerateArray().ToList() : [normalizer];
            var kinds = steps.Select(s => s.GetProperty("type").GetString()).ToList();
            if (kinds.SequenceEqual(["Prepend", "Replace"])) return true;
            throw new InputException($"{file}: byte-fallback BPE normalizer [{string.Join(", ", kinds)}] is not supported (expected Prepend then Replace)");
        }
        throw new InputException($"{file}: byte-fallback BPE without a Metaspace pre-tokenizer or a Prepend normaliser is not supported");
    }
}
