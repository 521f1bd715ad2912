namespace ExperimentHarness.Fitter;

/// <summary>The accuracy of guessing, the floor of the logistic curve: 0 for open answers, 1/k for k-way choices.</summary>
public static class ChanceRates
{
    public static double For(string benchmark) => benchmark switch
    {
        "aqua" or "commonsenseqa" => 0.2,
        "coin_flip" or "strategyqa" => 0.5,
        "date" => 1.0 / 6,
        _ => 0.0,
    };
}
