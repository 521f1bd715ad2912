using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Tokenization;

/// <summary>Reads a checkpoint's <c>tokenizer.json</c> as the kind it declares: byte-level BPE, or SentencePiece-style BPE with byte fallback.</summary>
public static class TokenizerFile
{
    /// <param name="eosIds">From the checkpoint's config.json (the model's own end tokens).</param>
    public static ITextTokenizer Load(string file, IReadOnlyList<int> eosIds)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"tokenizer not found: {file}", file);
        try
        {
            using var doc = JsonDocument.Parse(StrictUtf8.ReadAllText(file));
            return SentencePieceBpeTokenizer.Describes(doc.RootElement)
                ? SentencePieceBpeTokenizer.Load(doc.RootElement, file, eosIds)
                : ByteLevelBpeTokenizer.Load(doc.RootElement, file, eosIds);
        }
        // The readers walk the document with System.Text.Json accessors: a value of the wrong kind or range surfaces as one of these.
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException
                                   or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            throw new InputException($"{file}: not a BPE tokenizer.json this harness reads ({ex.GetType().Name}: {ex.Message.Split('\n')[0]})", ex);
        }
    }

    // Llama 3's TemplateProcessing puts <|begin_of_text|> before every sequence; GPT-2-style files add nothing.
    internal static int? BosFromPostProcessor(JsonElement root, IReadOnlyDictionary<string, int> added)
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
