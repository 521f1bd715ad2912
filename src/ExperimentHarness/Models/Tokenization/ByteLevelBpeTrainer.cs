using System.Text;
using System.Text.Json;

namespace ExperimentHarness.Models.Tokenization;

/// <summary>
/// Learns a small byte-level BPE vocabulary (256 byte symbols + merges) from a corpus and writes it as
/// a Hugging Face tokenizer.json, for the checkpoints the harness makes itself. Deterministic: the most
/// frequent pair wins, ties go to the ordinally smallest pair.
/// </summary>
public static class ByteLevelBpeTrainer
{
    public const string EndOfText = "<|endoftext|>";

    /// <returns>The id of the end-of-text token (the last id of the vocabulary).</returns>
    /// <param name="splitDigits">Isolate every digit before byte-level splitting (a Digits pre-tokenizer step), as arithmetic wants.</param>
    public static int WriteTokenizerJson(string path, IEnumerable<string> corpus, int merges, bool splitDigits = false)
    {
        var (vocab, mergeList) = Train(corpus, merges, splitDigits ? PreTokenizerPipeline.IndividualDigitsThenGpt2 : PreTokenizerPipeline.Gpt2);
        var byteLevel = new { type = "ByteLevel", add_prefix_space = false, trim_offsets = true, use_regex = true };
        object preTokenizer = splitDigits
            ? new { type = "Sequence", pretokenizers = new object[] { new { type = "Digits", individual_digits = true }, byteLevel } }
            : byteLevel;
        var json = new
        {
            version = "1.0",
            truncation = (object?)null,
            padding = (object?)null,
            added_tokens = new[] { new { id = vocab.Count, content = EndOfText, single_word = false, lstrip = false, rstrip = false, normalized = false, special = true } },
            normalizer = (object?)null,
            pre_tokenizer = preTokenizer,
            post_processor = (object?)null,
            decoder = new { type = "ByteLevel", add_prefix_space = false, trim_offsets = true, use_regex = true },
            model = new { type = "BPE", dropout = (object?)null, unk_token = (object?)null, continuing_subword_prefix = (object?)null, end_of_word_suffix = (object?)null, fuse_unk = false, byte_fallback = false, vocab, merges = mergeList },
        };
        File.WriteAllText(path, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
        return vocab.Count;
    }

    /// <summary>Vocabulary (symbol → id, bytes first in byte order, then merges in order) and the merge list.</summary>
    public static (Dictionary<string, int> Vocab, List<string> Merges) Train(IEnumerable<string> corpus, int mergeCount) =>
        Train(corpus, mergeCount, PreTokenizerPipeline.Gpt2);

    private static (Dictionary<string, int> Vocab, List<string> Merges) Train(IEnumerable<string> corpus, int mergeCount, PreTokenizerPipeline pipeline)
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in corpus)
            foreach (var piece in pipeline.Split(text))
            {
                var symbol = ByteLevelAlphabet.Encode(Encoding.UTF8.GetBytes(piece));
                words[symbol] = words.GetValueOrDefault(symbol) + 1;
            }
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in ByteLevelAlphabet.ByteToChar) vocab[c.ToString()] = vocab.Count;
        var segmented = words.OrderBy(w => w.Key, StringComparer.Ordinal)
            .Select(w => (Symbols: w.Key.Select(c => c.ToString()).ToList(), Count: w.Value)).ToList();
        var merges = new List<string>();
        for (var step = 0; step < mergeCount; step++)
        {
            var pairs = new Dictionary<(string, string), int>();
            foreach (var (symbols, count) in segmented)
                for (var i = 0; i + 1 < symbols.Count; i++)
                    pairs[(symbols[i], symbols[i + 1])] = pairs.GetValueOrDefault((symbols[i], symbols[i + 1])) + count;
            if (pairs.Count == 0) break;
            var best = pairs.OrderByDescending(p => p.Value).ThenBy(p => p.Key.Item1, StringComparer.Ordinal)
                .ThenBy(p => p.Key.Item2, StringComparer.Ordinal).First().Key;
            var merged = best.Item1 + best.Item2;
            if (vocab.ContainsKey(merged)) break;
            merges.Add($"{best.Item1} {best.Item2}");
            vocab[merged] = vocab.Count;
            foreach (var (symbols, _) in segmented)
                for (var i = 0; i + 1 < symbols.Count; i++)
                    if (symbols[i] == best.Item1 && symbols[i + 1] == best.Item2)
                    {
                        symbols[i] = merged;
                        symbols.RemoveAt(i + 1);
                    }
        }
        return (vocab, merges);
    }
}
