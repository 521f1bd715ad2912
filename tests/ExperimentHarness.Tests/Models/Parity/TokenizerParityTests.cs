using System.Text.Json;
using ExperimentHarness.Models.Tokenization;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Models.Parity;

/// <summary>
/// Token ids and decoded text against Hugging Face's tokenizers library itself
/// (scripts/parity/hf-tokenizer-fixtures.mjs), for tokenizer.json files laid out as each family's is.
/// </summary>
public class TokenizerParityTests
{
    private static readonly string Root = Path.Combine(TestPaths.RepoRoot, "tests", "ExperimentHarness.Tests", "Models", "Parity", "tokenizers");

    public static TheoryData<string> Variants => new() { "gpt-neox", "qwen2", "smollm2", "llama3", "llama2-sentencepiece" };

    [Theory]
    [MemberData(nameof(Variants))]
    public void IdsAndDecodedTextMatchHuggingFaceTokenizers(string variant)
    {
        var tokenizer = TokenizerFile.Load(Path.Combine(Root, variant, "tokenizer.json"), []);
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, variant, "hf-ids.json")));
        var cases = fixture.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.True(cases.Count >= 10, $"{variant}: only {cases.Count} cases in the fixture");
        var mismatches = new List<string>();
        foreach (var c in cases)
        {
            var text = c.GetProperty("text").GetString()!;
            var expected = c.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
            var actual = tokenizer.Encode(text);
            if (!expected.SequenceEqual(actual))
                mismatches.Add($"encode {JsonSerializer.Serialize(text)}: HF [{string.Join(",", expected)}] vs [{string.Join(",", actual)}]");
            var decoded = c.GetProperty("decoded").GetString()!;
            var ours = tokenizer.Decode(expected);   // Decode leaves BOS out and keeps other special tokens as text
            if (decoded != ours)
                mismatches.Add($"decode {JsonSerializer.Serialize(text)}: HF {JsonSerializer.Serialize(decoded)} vs {JsonSerializer.Serialize(ours)}");
        }
        Assert.True(mismatches.Count == 0, $"{variant}:\n" + string.Join("\n", mismatches));
    }
}
