namespace ExperimentHarness.Fitter;

/// <summary>A fitted baseline curve: accuracy as a function of x = log10(pretraining FLOPs), and its inverse.</summary>
public interface IScalingCurve
{
    string Form { get; }

    IReadOnlyDictionary<string, double> Parameters { get; }

    double Accuracy(double log10Compute);

    /// <summary>The x where the curve reaches <paramref name="accuracy"/>, or null where it never does.</summary>
    double? InverseLog10Compute(double accuracy);

    /// <summary>d accuracy / d log10 C at the middle of the data: must be clearly &gt; 0 for CEG to mean anything.</summary>
    double Slope { get; }
}
