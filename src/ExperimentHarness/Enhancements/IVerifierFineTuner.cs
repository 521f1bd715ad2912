namespace ExperimentHarness.Enhancements;

/// <summary>
/// Fine-tunes a copy of the language model for verification: the copy's weights are trained, jointly with a
/// scalar head on its mean-pooled final hidden states, to predict whether each solution is correct. The
/// model side owns the weights and their files; the verifier only sees an embedder over the copy.
/// </summary>
public interface IVerifierFineTuner
{
    /// <param name="groups">Item index of each text; groups in <see cref="FineTuneSettings.HeldOut"/> are never trained on.</param>
    /// <param name="directory">Where the fine-tuned copy is saved as a checkpoint directory (complete or not at all).</param>
    FineTuneResult FineTune(IReadOnlyList<string> texts, IReadOnlyList<bool> labels, IReadOnlyList<int> groups,
        FineTuneSettings settings, string directory, CancellationToken ct);

    /// <summary>An embedder over a copy saved earlier by <see cref="FineTune"/>.</summary>
    ITextEmbedder Load(string directory);
}

/// <param name="Steps">Optimizer steps at most (fewer when the held-out loss stops improving).</param>
/// <param name="MaxTokens">Longer texts keep their last tokens (the solution).</param>
public sealed record FineTuneSettings(int Steps, int BatchSize, double LearningRate, int MaxTokens, int Seed, IReadOnlySet<int> HeldOut);

/// <param name="Flops">Training (3 × forward per trained token) plus the held-out evaluations (1 × forward).</param>
public sealed record FineTuneResult(ITextEmbedder Embedder, double Flops, int StepsRun, double FirstHeldOutLoss, double LastHeldOutLoss);
