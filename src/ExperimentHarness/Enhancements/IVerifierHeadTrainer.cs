using ExperimentHarness.Engine;

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

/// <summary>Trains, saves and loads verifier heads (the engine side owns tensors and the safetensors format).</summary>
public interface IVerifierHeadTrainer
{
    /// <param name="trainGroups">Item index of each example, so validation holds out whole items.</param>
    VerifierHead Train(IReadOnlyList<float[]> features, IReadOnlyList<bool> labels, IReadOnlyList<int> trainGroups, int seed, string provenance);

    void Save(string path, VerifierHead head);

    VerifierHead Load(string path);
}

/// <summary>What verifier training may use besides the embedder: generation, the task's scorer, and the head trainer.</summary>
public sealed record VerifierCapabilities(IGenerationEngine Engine, Scoring.ITaskScorer Scorer, IVerifierHeadTrainer Trainer, Benchmarks.BenchmarkSplits Benchmark);
