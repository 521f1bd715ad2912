using ExperimentHarness.Models.Tokenization;
using ExperimentHarness.Tests.Support;
using ExperimentHarness.Foundation;

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
    public void IdsPastTheVocabularyDecodeToNothing()
    {
        // A checkpoint's embedding may have more rows than its tokenizer has tokens (padded vocabularies, and bench's
        // SmolLM2-shaped model); a sampled padding id must not stop generation.
        var tokenizer = Tokenizer();
        var ids = tokenizer.Encode("The answer is 18.").ToList();
        var padded = ids.Take(2).Append(49_000).Append(tokenizer.VocabularySize).Concat(ids.Skip(2));
        Assert.Equal("The answer is 18.", tokenizer.Decode(padded));
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

    /// <summary>
    /// Textbook byte-level BPE, written independently of the library: split with the file's regex, map bytes
    /// to the GPT-2 alphabet, then repeatedly merge the adjacent pair with the lowest merge rank.
    /// </summary>
    private static List<int> ReferenceEncode(string tokenizerJson, string text)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(tokenizerJson));
        var model = doc.RootElement.GetProperty("model");
        var vocab = model.GetProperty("vocab").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        var ranks = model.GetProperty("merges").EnumerateArray().Select((m, i) => (Pair: m.ValueKind == System.Text.Json.JsonValueKind.Array
            ? (m[0].GetString()!, m[1].GetString()!) : (m.GetString()!.Split(' ')[0], m.GetString()!.Split(' ')[1]), Rank: i)).ToDictionary(x => x.Pair, x => x.Rank);
        var ids = new List<int>();
        foreach (System.Text.RegularExpressions.Match piece in System.Text.RegularExpressions.Regex.Matches(text, PreTokenizerPipeline.Gpt2SplitPattern))
        {
            var symbols = System.Text.Encoding.UTF8.GetBytes(piece.Value).Select(b => ByteLevelAlphabet.ByteToChar[b].ToString()).ToList();
            while (true)
            {
                var best = -1;
                for (var i = 0; i + 1 < symbols.Count; i++)
                    if (ranks.TryGetValue((symbols[i], symbols[i + 1]), out var r) && (best < 0 || r < ranks[(symbols[best], symbols[best + 1])])) best = i;
                if (best < 0) break;
                symbols[best] += symbols[best + 1];
                symbols.RemoveAt(best + 1);
            }
            ids.AddRange(symbols.Select(s => vocab[s]));
        }
        return ids;
    }

    [Theory]
    [InlineData("Ada has 12 apples. Then 5 more apples are added. How many apples does Ada have now?")]
    [InlineData("Ünïcödé — naïve café, 日本語, emoji 🙂!")]
    [InlineData("  leading, double  spaces,\ttabs\n\nand new lines   ")]
    [InlineData("It's 3.14159; don't they'll we've -42 $1,000.00 #### 18")]
    public void EncodingMatchesAnIndependentTextbookBpe(string text)
    {
        var file = Path.Combine(TinyCheckpoints.Llama, "tokenizer.json");
        Assert.Equal(ReferenceEncode(file, text), ByteLevelBpeTokenizer.Load(file, [512]).Encode(text));
    }

    private static string WriteTokenizer(string normalizer, bool ignoreMerges, object? preTokenizer = null)
    {
        // Bytes a, b, c, e, U+0301 (as its two UTF-8 bytes), é (as its two bytes); merges a+b; "abc" is in the vocabulary.
        var vocab = new Dictionary<string, int>();
        foreach (var b in "abcde 123"u8.ToArray().Concat(System.Text.Encoding.UTF8.GetBytes("\u0301é")).Distinct())
            vocab[ByteLevelAlphabet.ByteToChar[b].ToString()] = vocab.Count;
        vocab["ab"] = vocab.Count;
        vocab["abc"] = vocab.Count;
        var json = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["added_tokens"] = new[] { new { id = 100, content = "<|end|>", special = true } },
            ["normalizer"] = normalizer.Length == 0 ? null : new { type = normalizer },
            ["pre_tokenizer"] = preTokenizer ?? new { type = "ByteLevel", add_prefix_space = false, use_regex = true },
            ["model"] = new Dictionary<string, object> { ["type"] = "BPE", ["vocab"] = vocab, ["merges"] = new[] { "a b" }, ["ignore_merges"] = ignoreMerges },
        });
        var path = Path.Combine(TestPaths.NewTempDirectory(), "tokenizer.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void IgnoreMergesEmitsAPieceThatIsInTheVocabularyWhole()
    {
        var merged = ByteLevelBpeTokenizer.Load(WriteTokenizer("", ignoreMerges: false), [100]);
        var whole = ByteLevelBpeTokenizer.Load(WriteTokenizer("", ignoreMerges: true), [100]);
        var abc = merged.Encode("abc");
        Assert.Equal(2, abc.Count);                               // merges alone: "ab" + "c"
        Assert.Single(whole.Encode("abc"));                       // ignore_merges: the piece "abc" itself
        Assert.Equal(whole.Encode("abc")[0], abc[0] + 1);         // "abc" sits right after "ab" in the vocabulary
        Assert.Equal(merged.Encode("cab"), whole.Encode("cab"));  // pieces not in the vocabulary merge as usual
        Assert.Equal("abc<|end|>", whole.Decode(whole.Encode("abc<|end|>")));
        Assert.Equal(100, whole.Encode("abc<|end|>")[^1]);
    }

    [Fact]
    public void NfcNormalizerComposesBeforeSplittingAndUnknownNormalizersAreRejected()
    {
        var nfc = ByteLevelBpeTokenizer.Load(WriteTokenizer("NFC", ignoreMerges: false), [100]);
        var raw = ByteLevelBpeTokenizer.Load(WriteTokenizer("", ignoreMerges: false), [100]);
        const string decomposed = "e\u0301";                   // e + combining acute
        Assert.Equal(nfc.Encode("é"), nfc.Encode(decomposed));
        Assert.NotEqual(raw.Encode("é"), raw.Encode(decomposed));
        var ex = Assert.Throws<ExperimentHarness.Foundation.InputException>(() => ByteLevelBpeTokenizer.Load(WriteTokenizer("Prepend", ignoreMerges: false), [100]));
        Assert.Contains("normalizer 'Prepend' is not supported", ex.Message);
    }

    [Fact]
    public void PreTokenizerStepsRunInOrderDigitsSplitAndByteLevel()
    {
        var gpt2 = ByteLevelBpeTokenizer.Load(WriteTokenizer("", false), [100]);
        var digits = ByteLevelBpeTokenizer.Load(WriteTokenizer("", false, new
        {
            type = "Sequence",
            pretokenizers = new object[] { new { type = "Digits", individual_digits = true }, new { type = "ByteLevel", add_prefix_space = false, use_regex = true } },
        }), [100]);
        // No merges touch digits here, so both give one id per byte; the pieces differ, which the ids of
        // "ab" show: merged inside a piece, never across the piece boundary a Split step makes.
        Assert.Equal(gpt2.Encode("ab 123"), digits.Encode("ab 123"));
        var split = ByteLevelBpeTokenizer.Load(WriteTokenizer("", false, new
        {
            type = "Sequence",
            pretokenizers = new object[]
            {
                new { type = "Split", pattern = new { Regex = "a" }, behavior = "Isolated", invert = false },
                new { type = "ByteLevel", add_prefix_space = false, use_regex = false },
            },
        }), [100]);
        Assert.Single(gpt2.Encode("ab"));                 // "a" + "b" merged
        Assert.Equal(2, split.Encode("ab").Count);       // "a" isolated from "b": no merge across pieces
        Assert.Equal("ab 123", split.Decode(split.Encode("ab 123")));
        var prefixed = ByteLevelBpeTokenizer.Load(WriteTokenizer("", false, new { type = "ByteLevel", add_prefix_space = true, use_regex = true }), [100]);
        Assert.Equal(gpt2.Encode(" ab"), prefixed.Encode("ab"));
        var unknown = Assert.Throws<ExperimentHarness.Foundation.InputException>(() =>
            ByteLevelBpeTokenizer.Load(WriteTokenizer("", false, new { type = "Metaspace", replacement = "▁" }), [100]));
        Assert.Contains("pre_tokenizer step 'Metaspace' is not supported", unknown.Message);
    }

    [Fact]
    public void IndividualDigitsAreSplitOneByOne()
    {
        var pipeline = PreTokenizerPipeline.Read(System.Text.Json.JsonDocument.Parse("""
            {"pre_tokenizer": {"type": "Sequence", "pretokenizers": [
              {"type": "Digits", "individual_digits": true},
              {"type": "ByteLevel", "add_prefix_space": false, "use_regex": true}]}}
            """).RootElement, "t.json");
        Assert.Equal(["Ada", " has", " ", "1", "2", "3", " apples", "."], pipeline.Split("Ada has 123 apples."));
        var runs = PreTokenizerPipeline.Read(System.Text.Json.JsonDocument.Parse("""
            {"pre_tokenizer": {"type": "Sequence", "pretokenizers": [
              {"type": "Digits", "individual_digits": false}, {"type": "ByteLevel", "use_regex": true}]}}
            """).RootElement, "t.json");
        Assert.Equal(["Ada", " has", " ", "123", " apples", "."], runs.Split("Ada has 123 apples."));
        Assert.Equal(["Ada", " has", " 123", " apples", "."], PreTokenizerPipeline.Gpt2.Split("Ada has 123 apples."));
    }
}
