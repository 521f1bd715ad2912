using System.Text.Json;
using ExperimentHarness.Models.Tokenization;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Models;

/// <summary>Llama 2-style tokenizer.json (byte-fallback BPE over "▁"-marked text), written by hand so every id is known.</summary>
public class SentencePieceTokenizerTests
{
    private const int Bytes = 3;   // <0x00> is id 3

    private static string Write(bool metaspace)
    {
        var vocab = new Dictionary<string, int> { ["<unk>"] = 0, ["<s>"] = 1, ["</s>"] = 2 };
        for (var b = 0; b < 256; b++) vocab[$"<0x{b:X2}>"] = Bytes + b;
        foreach (var piece in new[] { "▁", "a", "b", "c", "▁a", "ab", "▁ab", "bc", "▁c" }) vocab[piece] = vocab.Count;
        var json = new Dictionary<string, object?>
        {
            ["added_tokens"] = new[] { new { id = 0, content = "<unk>", special = true }, new { id = 1, content = "<s>", special = true }, new { id = 2, content = "</s>", special = true } },
            ["normalizer"] = metaspace ? null : new { type = "Sequence", normalizers = new object[]
            {
                new { type = "Prepend", prepend = "▁" },
                new { type = "Replace", pattern = new { String = " " }, content = "▁" },
            } },
            ["pre_tokenizer"] = metaspace ? new { type = "Metaspace", replacement = "▁", prepend_scheme = "first", split = false } : null,
            ["post_processor"] = new { type = "TemplateProcessing", single = new object[] { new { SpecialToken = new { id = "<s>", type_id = 0 } }, new { Sequence = new { id = "A", type_id = 0 } } } },
            ["model"] = new Dictionary<string, object>
            {
                ["type"] = "BPE", ["byte_fallback"] = true, ["unk_token"] = "<unk>", ["vocab"] = vocab,
                ["merges"] = new[] { "▁ a", "a b", "▁a b", "b c", "▁ c" },
            },
        };
        var path = Path.Combine(TestPaths.NewTempDirectory(), "tokenizer.json");
        File.WriteAllText(path, JsonSerializer.Serialize(json));
        return path;
    }

    [Fact]
    public void MergesByRankOverSpaceMarkedTextWithBosAndRoundTrips()
    {
        var tokenizer = TokenizerFile.Load(Write(metaspace: false), [2]);
        Assert.IsType<SentencePieceBpeTokenizer>(tokenizer);
        Assert.Equal(1, tokenizer.BosId);
        // "ab c" -> "▁ab▁c" -> [▁,a,b,▁,c] -> ▁a (rank 0) -> ▁ab (rank 2) -> ▁c (rank 4)
        Assert.Equal([1, 265, 267], tokenizer.Encode("ab c"));
        Assert.Equal("ab c", tokenizer.Decode(tokenizer.Encode("ab c")));
    }

    [Fact]
    public void CharactersOutsideTheVocabularyFallBackToTheirUtf8Bytes()
    {
        var tokenizer = TokenizerFile.Load(Write(metaspace: false), [2]);
        Assert.Equal([1, 259, Bytes + 0xC3, Bytes + 0xA9], tokenizer.Encode("é"));
        Assert.Equal("é a🙂", tokenizer.Decode(tokenizer.Encode("é a🙂")));
    }

    [Fact]
    public void LegacyFilesPrependAfterAddedTokensMetaspaceFirstDoesNot()
    {
        var legacy = TokenizerFile.Load(Write(metaspace: false), [2]);
        var modern = TokenizerFile.Load(Write(metaspace: true), [2]);
        Assert.Equal([1, 263, 2, 259, 261], legacy.Encode("a</s>b"));    // "▁a", </s>, "▁" "b"
        Assert.Equal([1, 263, 2, 261], modern.Encode("a</s>b"));         // no "▁" after the added token
        Assert.Equal(legacy.Encode("ab c"), modern.Encode("ab c"));
    }

    [Fact]
    public void HeapMergerAgreesWithTheTextbookLoop()
    {
        var rng = new Random(3);
        var alphabet = new[] { "a", "b", "c", "d" };
        var ranks = new Dictionary<(string, string), int>();
        var tokens = alphabet.ToList();
        for (var r = 0; r < 14; r++)                     // random merges among existing tokens
        {
            var (x, y) = (tokens[rng.Next(tokens.Count)], tokens[rng.Next(tokens.Count)]);
            if (ranks.TryAdd((x, y), r)) tokens.Add(x + y);
        }
        var merger = new BpeMerger(ranks);
        for (var trial = 0; trial < 300; trial++)
        {
            var symbols = Enumerable.Range(0, rng.Next(1, 30)).Select(_ => alphabet[rng.Next(alphabet.Length)]).ToList();
            Assert.Equal(Textbook(symbols, ranks), merger.Merge(symbols));
        }
    }

    private static List<string> Textbook(List<string> symbols, Dictionary<(string, string), int> ranks)
    {
        var s = symbols.ToList();
        while (true)
        {
            var best = -1;
            for (var i = 0; i + 1 < s.Count; i++)
                if (ranks.TryGetValue((s[i], s[i + 1]), out var r) && (best < 0 || r < ranks[(s[best], s[best + 1])])) best = i;
            if (best < 0) return s;
            s[best] += s[best + 1];
            s.RemoveAt(best + 1);
        }
    }

    [Fact]
    public void UnsupportedVariantsAreNamed()
    {
        var path = Write(metaspace: true);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"first\"", "\"never\""));
        Assert.Contains("prepend_scheme 'never'", Assert.Throws<InputException>(() => TokenizerFile.Load(path, [2])).Message);
    }
}
