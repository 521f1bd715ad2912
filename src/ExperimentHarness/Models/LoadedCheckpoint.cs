using System.Security.Cryptography;
using ExperimentHarness.Models.Checkpoints;
using ExperimentHarness.Models.GptNeox;
using ExperimentHarness.Models.Llama;
using ExperimentHarness.Models.Tokenization;
using TorchSharp;
using static TorchSharp.torch;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models;

/// <summary>A checkpoint directory loaded for inference: the model (owns its weights), its tokenizer and the hash of its weight files.</summary>
public sealed class LoadedCheckpoint : IDisposable
{
    private LoadedCheckpoint(ICausalLanguageModel model, ITextTokenizer tokenizer, string weightsSha256, string directory)
    {
        Model = model;
        Tokenizer = tokenizer;
        WeightsSha256 = weightsSha256;
        Directory = directory;
    }

    public ICausalLanguageModel Model { get; }

    public ITextTokenizer Tokenizer { get; }

    public string WeightsSha256 { get; }

    public string Directory { get; }

    /// <summary>
    /// Binds the directory's config.json as <see cref="Load"/> would, reading no weights, so a run can report every
    /// problem in it (with the rest of its input problems) before it loads anything.
    /// </summary>
    public static void CheckConfig(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) throw new DirectoryNotFoundException($"checkpoint directory not found: {directory}");
        var config = new HfConfigReader(Path.Combine(directory, "config.json"));
        switch (config.Has("model_type") ? config.String("model_type") : "(missing)")
        {
            case "llama" or "qwen2": LlamaConfig.Read(config); break;
            case "gpt_neox": GptNeoxConfig.Read(config); break;
            case var other: throw new InputException($"{config.File}: model_type '{other}' is not supported (supported: llama, qwen2, gpt_neox)");
        }
    }

    /// <param name="device">"cpu" or "cuda".</param>
    /// <param name="dtype">"float32", "bfloat16" or "float16".</param>
    public static LoadedCheckpoint Load(string directory, string device, string dtype)
    {
        if (!System.IO.Directory.Exists(directory)) throw new DirectoryNotFoundException($"checkpoint directory not found: {directory}");
        var config = new HfConfigReader(Path.Combine(directory, "config.json"));
        var modelType = config.Has("model_type") ? config.String("model_type") : "(missing)";
        var torchDevice = ToDevice(device);
        var scalar = dtype switch
        {
            "float32" => ScalarType.Float32,
            "bfloat16" => ScalarType.BFloat16,
            "float16" => ScalarType.Float16,
            _ => throw new InputException($"dtype '{dtype}' is not one of float32, bfloat16, float16"),
        };
        ICausalLanguageModel model;
        IReadOnlyList<int> eos;
        switch (modelType)
        {
            case "llama" or "qwen2":
                var llama = LlamaConfig.Read(config);
                LlamaModel built;
                using (var tensors = new CheckpointTensors(directory))
                {
                    WeightShapePreflight.Check(config.File, tensors, LlamaConfig.LayerPrefix, llama.Shape.Layers, llama.WeightAnchors);
                    built = new LlamaModel(llama, torchDevice, scalar);
                    CheckpointBinder.Bind(built, tensors, directory, name => llama.Shape.TiedEmbeddings && name == "lm_head.weight");
                }
                built.eval();
                model = built;
                eos = llama.EosIds;
                break;
            case "gpt_neox":
                var neox = GptNeoxConfig.Read(config);
                GptNeoxModel neoxModel;
                using (var tensors = new CheckpointTensors(directory))
                {
                    WeightShapePreflight.Check(config.File, tensors, GptNeoxConfig.LayerPrefix, neox.Shape.Layers, neox.WeightAnchors);
                    neoxModel = new GptNeoxModel(neox, torchDevice, scalar);
                    CheckpointBinder.Bind(neoxModel, tensors, directory, GptNeoxModel.IsDerivedBuffer);
                }
                neoxModel.eval();
                model = neoxModel;
                eos = neox.EosIds;
                break;
            default:
                throw new InputException($"{config.File}: model_type '{modelType}' is not supported (supported: llama, qwen2, gpt_neox)");
        }
        var tokenizer = TokenizerFile.Load(Path.Combine(directory, "tokenizer.json"), eos);
        return new LoadedCheckpoint(model, tokenizer, HashWeights(directory), directory);
    }

    public void Dispose() => Model.Dispose();

    private static Device ToDevice(string device)
    {
        if (device == "cpu") return CPU;
        if (device == "cuda")
        {
            if (!cuda.is_available())
                throw new InputException("device 'cuda' requested but no CUDA device is available (build with -p:TorchBackend=cuda on a GPU machine)");
            return CUDA;
        }
        throw new InputException($"device '{device}' is not cpu or cuda");
    }

    /// <summary>
    /// SHA-256 over the SHA-256 values of exactly the files loading reads (<see cref="CheckpointWeightFiles"/>), in their
    /// stable order: identifies the weights whatever the sharding or where the index puts the shards.
    /// </summary>
    public static string HashWeights(string directory)
    {
        var files = CheckpointWeightFiles.Of(directory);
        using var outer = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            outer.AppendData(SHA256.HashData(stream));
        }
        return Convert.ToHexStringLower(outer.GetHashAndReset());
    }
}
