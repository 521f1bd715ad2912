namespace ExperimentHarness.Enhancements;

/// <summary>Trains, saves and loads verifier heads (the engine side owns tensors and the safetensors format).</summary>
public interface IVerifierHeadTrainer
{
    /// <param name="trainGroups">Item index of each example, so validation holds out whole items.</param>
    VerifierHead Train(IReadOnlyList<float[]> features, IReadOnlyList<bool> labels, IReadOnlyList<int> trainGroups, int seed, string provenance);

    void Save(string path, VerifierHead head);

    VerifierHead Load(string path);
}
