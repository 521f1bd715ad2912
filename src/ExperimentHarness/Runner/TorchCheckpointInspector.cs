using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Models;
using ExperimentHarness.Models.GptNeox;
using ExperimentHarness.Models.Llama;
using ExperimentHarness.Models.Tokenization;

namespace ExperimentHarness.Runner;

/// <summary>
/// Reads a checkpoint directory's <c>config.json</c> and <c>tokenizer.json</c> and hashes its weight files as loading does,
/// but allocates no tensors: the plan of a sweep over large models costs a pass over the files, not their memory.
/// </summary>
public sealed class TorchCheckpointInspector(string? cacheRoot = null) : ICheckpointInspector
{
    public CheckpointFacts? Inspect(ModelSpec spec)
    {
        var directory = spec.Path ?? (spec.Init is { } init ? TorchModelLoader.InitDirectory(cacheRoot ?? TorchModelLoader.CacheRoot, init) : null);
        if (directory is null || !File.Exists(Path.Combine(directory, "config.json"))) return null;
        var config = new HfConfigReader(Path.Combine(directory, "config.json"));
        var modelType = config.Has("model_type") ? config.String("model_type") : "(missing)";
        var (shape, eos) = modelType switch
        {
            "llama" or "qwen2" => LlamaConfig.Read(config) is var llama ? (llama.Shape, llama.EosIds) : default,
            "gpt_neox" => GptNeoxConfig.Read(config) is var neox ? (neox.Shape, neox.EosIds) : default,
            _ => throw new Foundation.InputException($"{config.File}: model_type '{modelType}' is not supported (supported: llama, qwen2, gpt_neox)"),
        };
        var tokenizer = TokenizerFile.Load(Path.Combine(directory, "tokenizer.json"), eos);
        return new CheckpointFacts(LoadedCheckpoint.HashWeights(directory), new FlopLedger(shape), tokenizer);
    }
}
