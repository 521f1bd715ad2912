using ExperimentHarness.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentHarness.Engine;

/// <summary>
/// Picks the next token of one row: argmax when temperature is 0, else a draw from the temperature-
/// scaled distribution truncated to the top-p nucleus, using the row's own generator.
/// </summary>
public static class TokenSampler
{
    /// <param name="logits">(V) float32 logits of one row.</param>
    public static long Next(Tensor logits, double temperature, double topP, Generator? generator)
    {
        using var scope = NewDisposeScope();
        if (temperature <= 0 || generator is null) return logits.argmax().item<long>();
        using var t = temperature.ToScalar();
        var probs = nn.functional.softmax(logits / t, 0);
        if (topP < 1)
        {
            using var p = topP.ToScalar();
            var (sorted, order) = probs.sort(0, descending: true);
            var before = sorted.cumsum(0) - sorted;                        // mass strictly before each token
            sorted = sorted.masked_fill(before >= p, PinnedScalars.Zero);   // the top token always stays
            var pick = multinomial(sorted / sorted.sum(), 1, generator: generator);
            return order[pick].item<long>();
        }
        return multinomial(probs, 1, generator: generator).item<long>();
    }

    /// <summary>The generator of sample <paramref name="sampleIndex"/> of a request: a function of (seed, index) only.</summary>
    public static Generator ForSample(ulong requestSeed, int sampleIndex)
    {
        var mixed = requestSeed ^ (0x9E3779B97F4A7C15UL * (ulong)(sampleIndex + 1));
        mixed = (mixed ^ (mixed >> 31)) * 0xBF58476D1CE4E5B9UL;
        return new Generator(mixed ^ (mixed >> 29));
    }
}
