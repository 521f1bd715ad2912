using System.Text.Json;
using ExperimentHarness.Models.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ExperimentHarness.Training;

/// <summary>Where a member's training stands: steps done, FLOPs spent (by the ledger), seconds trained, the held-out log.</summary>
public sealed record TrainingState(long Step, double Flops, double Seconds, IReadOnlyList<HeldOutPoint> Log);

/// <summary>
/// A member's resumable state in one directory: config.json, tokenizer.json, model.safetensors (the weights, loadable
/// as a checkpoint), optimizer.bin (AdamW moments and step counts) and state.json. Written to <c>DIR.next</c>, then
/// swapped in by renames (the old copy is kept as <c>DIR.old</c> until the new one is in place), so a kill at any
/// moment leaves one complete state behind.
/// </summary>
public static class TrainingCheckpoint
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Save(string directory, string configJson, string tokenizerFile, nn.Module model, OptimizerHelper optimizer, TrainingState state)
    {
        var next = directory + ".next";
        var old = directory + ".old";
        if (Directory.Exists(next)) Directory.Delete(next, recursive: true);
        Directory.CreateDirectory(next);
        File.WriteAllText(Path.Combine(next, "config.json"), configJson);
        File.Copy(tokenizerFile, Path.Combine(next, "tokenizer.json"));
        WriteWeights(Path.Combine(next, "model.safetensors"), model, new Dictionary<string, string> { ["format"] = "pt" });
        optimizer.save_state_dict(Path.Combine(next, "optimizer.bin"));
        File.WriteAllText(Path.Combine(next, "state.json"), JsonSerializer.Serialize(state, Json));
        if (Directory.Exists(directory))
        {
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
            Directory.Move(directory, old);
        }
        Directory.Move(next, directory);
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
    }

    /// <summary>The last complete state, or null when the member has not saved one (a half-written <c>.next</c> is discarded).</summary>
    public static TrainingState? Find(string directory)
    {
        if (Directory.Exists(directory + ".next")) Directory.Delete(directory + ".next", recursive: true);
        if (!Directory.Exists(directory) && Directory.Exists(directory + ".old")) Directory.Move(directory + ".old", directory);
        var file = Path.Combine(directory, "state.json");
        if (!File.Exists(file)) return null;
        return JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(file), Json)
               ?? throw new InvalidDataException($"{file}: empty training state");
    }

    public static void RestoreOptimizer(string directory, OptimizerHelper optimizer) =>
        optimizer.load_state_dict(Path.Combine(directory, "optimizer.bin"));

    /// <summary>Parameters as float32 on the CPU, in the module's own names (tied embeddings once).</summary>
    public static void WriteWeights(string path, nn.Module model, IReadOnlyDictionary<string, string> metadata)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        SafetensorsWriter.Write(path, model.named_parameters().Select(p => (p.name, (Tensor)p.parameter.detach().to(float32).cpu())), metadata);
    }
}
