using ExperimentHarness.Config;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Training;

/// <summary>A family config small enough to train in seconds (budgets of 1e9-1e10 FLOPs), written into its own temp directory.</summary>
internal static class TinyFamily
{
    public static TrainFamilyConfig Write(string budgets = "[2e9, 6e9]", string extra = "", string? directory = null)
    {
        directory ??= TestPaths.NewTempDirectory();
        var file = Path.Combine(directory, "family.yaml");
        File.WriteAllText(file, $$"""
            family: tiny
            architecture: llama
            budgets: {{budgets}}
            allocation: {rule: compute_optimal, tokens_per_parameter: 10}
            shape: {aspect_ratio: 48, head_dim: 16, min_layers: 1}
            corpus: {kind: arith, steps: 1-2, worked_share: 0.4, fewshot_share: 0.2, fewshot_k: 2, guard: {seed: 0, test_size: 300} }
            tokenizer: {merges: 32, split_digits: true, sample_documents: 200}
            optimizer: {lr: 3.0e-3}
            batch_tokens: 256
            sequence_length: 64
            checkpoint_every: 7
            eval_every: 10
            eval_tokens: 256
            models_dir: ./models
            lock_file: ./models.lock.json
            {{extra}}
            """);
        return TrainFamilyConfigReader.Load(file);
    }
}
