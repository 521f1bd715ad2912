namespace ExperimentHarness.Enhancements;

/// <summary>A trained scalar head: logistic regression on frozen features, with its validation AUC and provenance.</summary>
public sealed record VerifierHead(float[] Weights, float Bias, double ValidationAuc, int Epochs, double TrainingFlops, string Provenance)
{
    /// <summary>Probability that a solution with these features is correct.</summary>
    public double Score(float[] features)
    {
        double z = Bias;
        for (var i = 0; i < Weights.Length; i++) z += Weights[i] * features[i];
        return 1 / (1 + Math.Exp(-z));
    }
}
