using ExperimentHarness.Config;
using ExperimentHarness.Models;

namespace ExperimentHarness.Runner;

/// <summary>
/// Loads the config's model: a checkpoint directory, or a self-made random checkpoint created once and
/// cached under <c>$EH_CACHE</c> (default <c>~/.cache/experiment-harness</c>).
/// </summary>
public sealed class TorchModelLoader(IConsoleOutput console) : IModelLoader
{
    public static string CacheRoot =>
        Environment.GetEnvironmentVariable("EH_CACHE") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "experiment-harness");

    public ILoadedModel Load(ModelSpec spec, CancellationToken ct)
    {
        var directory = spec.Path ?? EnsureInitialised(spec.Init!);
        var checkpoint = LoadedCheckpoint.Load(directory, spec.Device, spec.DType);
        var identity = new ModelIdentity(
            spec.Name ?? Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar)),
            directory, checkpoint.WeightsSha256, checkpoint.Model.Shape.Architecture,
            spec.Family, spec.TrainingFlops, spec.Device, spec.DType);
        return new TorchLoadedModel(identity, checkpoint, spec.BatchRows, console);
    }

    /// <summary>Where a self-made checkpoint is cached.</summary>
    public static string InitDirectory(string cacheRoot, ModelInitSpec init) =>
        Path.Combine(cacheRoot, "models", $"{init.Architecture}-{init.Preset}-seed{init.Seed}");

    private string EnsureInitialised(ModelInitSpec init)
    {
        var directory = InitDirectory(CacheRoot, init);
        if (File.Exists(Path.Combine(directory, "model.safetensors"))) return directory;
        console.WriteLine($"creating random-initialised checkpoint {directory}");
        CheckpointInitializer.Create(init.Architecture, init.Preset, init.Seed, directory);
        return directory;
    }
}
