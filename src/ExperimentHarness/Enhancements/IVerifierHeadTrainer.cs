namespace ExperimentHarness.Enhancements;

/// <summary>Trains, saves and loads verifier heads (the engine side owns tensors and the safetensors format).</summary>
public interface IVerifierHeadTrainer
{
    /// <param name="trainGroups">Item index of each example, so validation holds out whole items.</param>
    /// <param name="progress">Told the epoch after each one ("verifier head: e/max epochs"); training may stop early.</param>
    VerifierHead Train(IReadOnlyList<float[]> features, IReadOnlyList<bool> labels, IReadOnlyList<int> trainGroups, int seed, string provenance,
        IProgress<Foundation.PhaseProgress>? progress = null);

    void Save(string path, VerifierHead head);

    VerifierHead Load(string path);
}
