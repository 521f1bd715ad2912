using ExperimentHarness.Engine;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models.Tokenization;

namespace ExperimentHarness.Tests.Engine;

public class DecodeRowTests
{
    /// <summary>Token i is the i-th character of an alphabet; 0 is EOS.</summary>
    private sealed class CharTokenizer : ITextTokenizer
    {
        public const string Alphabet = "\0abcdefghijklmnopqrstuvwxyz é\n";
        public IReadOnlyList<int> Encode(string text) => text.Select(c => Alphabet.IndexOf(c)).ToList();
        public string Decode(IEnumerable<int> ids) => new(ids.Select(i => Alphabet[i]).ToArray());
        public int? BosId => null;
        public IReadOnlyList<int> EosIds => [0];
        public int VocabularySize => Alphabet.Length;
    }

    private static Completion Run(string stream, IReadOnlyList<string> stop, int maxNew = 10_000)
    {
        var tokenizer = new CharTokenizer();
        var prompt = new PromptInFlight(new GenerationRequest("x", "p", new SamplingOptions(maxNew, 0, 1, stop), 1, 0), [1]);
        using var row = new DecodeRow(prompt, 0);
        foreach (var id in tokenizer.Encode(stream))
        {
            row.Accept(id, tokenizer);
            if (row.Finished) break;
        }
        return prompt.Completions[0]!;
    }

    [Fact]
    public void AStopStringFoundDeepInALongCompletionCutsItAtItsFirstOccurrence()
    {
        var body = string.Concat(Enumerable.Repeat("abcdefgh ", 400));           // 3600 tokens before the stop
        var done = Run(body + "\n\nproblem more text", ["\n\nproblem", "zzz"]);
        Assert.Equal("stop", done.FinishReason);
        Assert.Equal(body, done.Text);
        Assert.Equal(body.Length + "\n\nproblem".Length, done.GeneratedTokens);   // generation ended on the token that completed it
    }

    [Fact]
    public void EosAndLengthEndACompletionWithoutAStop()
    {
        Assert.Equal(("eos", "abc"), (Run("abc\0def", ["zz"]).FinishReason, Run("abc\0def", ["zz"]).Text));
        var limited = Run("abcdefgh", ["zz"], maxNew: 5);
        Assert.Equal(("length", "abcde", 5), (limited.FinishReason, limited.Text, limited.GeneratedTokens));
        Assert.Equal("é stop", Run("é stop\0", []).Text);
    }
}
