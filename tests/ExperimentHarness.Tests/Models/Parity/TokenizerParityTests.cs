using System.Text.Json;
using ExperimentHarness.Models.Tokenization;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Models.Parity;

/// <summary>
/// Token ids and decoded text against Hugging Face's tokenizers library itself
/// (scripts/parity/hf-tokenizer-fixtures.mjs), for tokenizer.json files laid out as each family's is.
/// EH_TOKENIZER_PARITY_DIR points the same test at other recorded files (a family's real tokenizer.json).
/// </summary>
public class TokenizerParityTests
{
    private static readonly string Committed = Path.Combine(TestPaths.RepoRoot, "tests", "ExperimentHarness.Tests", "Models", "Parity", "tokenizers");

    private static string Root => Environment.GetEnvironmentVariable("EH_TOKENIZER_PARITY_DIR") is { Length: > 0 } dir ? dir : Committed;

    public static TheoryData<string> Variants => new(Recorded(Root));

    [Fact]
    public void EveryCommittedLayoutHasAFixture() =>
        Assert.Equal(["gpt-neox", "llama2-sentencepiece", "llama3", "qwen2", "smollm2"], Recorded(Committed));

    /// <summary>Names of the folders under <paramref name="root"/> that hold a recorded hf-ids.json, in ordinal order.</summary>
    private static string[] Recorded(string root) =>
        Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "hf-ids.json"))).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToArray();

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
