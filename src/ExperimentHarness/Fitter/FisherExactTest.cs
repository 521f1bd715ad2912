using MathNet.Numerics;

namespace ExperimentHarness.Fitter;

/// <summary>
/// A one-sided Fisher's exact test that one accuracy is above another, from item counts: the test that
/// an appendix-A bound rests on. It conditions on both margins, so with every item wrong on one side
/// and a handful right on the other (3/1319 against 0/1319: p ≈ 0.125) it stays honest where a normal
/// approximation (z ≈ 1.73, p ≈ 0.04) does not.
/// </summary>
public sealed record FisherExactTest(string Method, int HigherCorrect, int HigherN, int LowerCorrect, int LowerN, double PValue, double Alpha)
{
    public const string Name = "fisher_exact_one_sided";

    public bool Significant => PValue < Alpha;

    /// <summary>
    /// p = P(X ≥ higherCorrect) for X ~ Hypergeometric(population = higherN + lowerN, successes = higherCorrect +
    /// lowerCorrect, draws = higherN): the chance of a split at least this lopsided if both came from one accuracy.
    /// Summed in log space (MathNet's BinomialLn) so that thousands of items do not overflow the binomials.
    /// </summary>
    public static FisherExactTest Run(int higherCorrect, int higherN, int lowerCorrect, int lowerN, double alpha)
    {
        if (higherN <= 0 || lowerN <= 0 || higherCorrect < 0 || lowerCorrect < 0 || higherCorrect > higherN || lowerCorrect > lowerN)
            throw new ArgumentOutOfRangeException(nameof(higherCorrect), $"counts {higherCorrect}/{higherN} and {lowerCorrect}/{lowerN} are not item counts");
        var population = higherN + lowerN;
        var successes = higherCorrect + lowerCorrect;
        var denominator = SpecialFunctions.BinomialLn(population, higherN);
        var p = 0.0;
        for (var k = higherCorrect; k <= Math.Min(successes, higherN); k++)
            p += Math.Exp(SpecialFunctions.BinomialLn(successes, k) + SpecialFunctions.BinomialLn(population - successes, higherN - k) - denominator);
        return new FisherExactTest(Name, higherCorrect, higherN, lowerCorrect, lowerN, Math.Min(1, p), alpha);
    }
}
