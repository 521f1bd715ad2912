using System.Diagnostics;
using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExperimentHarness.Runner;

/// <summary>
/// Loads the config's model: a checkpoint directory, or a self-made random checkpoint created once and
/// cached under <c>$EH_CACHE</c> (default <c>~/.cache/experiment-harness</c>).
/// </summary>
public sealed class TorchModelLoader(IConsoleOutput console, ILogger<TorchModelLoader>? logger = null) : IModelLoader
{
    private readonly ILogger _log = logger ?? NullLogger<TorchModelLoader>.Instance;

    public static string CacheRoot =>
        Environment.GetEnvironmentVariable("EH_CACHE") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "experiment-harness");

    public void Check(ModelSpec spec)
    {
        if (spec.Path is { } directory) LoadedCheckpoint.CheckConfig(directory);
    }

    public ILoadedModel Load(ModelSpec spec, int batchRows, CancellationToken ct)
    {
        var directory = spec.Path ?? EnsureInitialised(spec.Init!);
        var clock = Stopwatch.StartNew();
        var checkpoint = LoadedCheckpoint.Load(directory, spec.Device, spec.DType);
        var identity = new ModelIdentity(
            spec.Name ?? Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar)),
            directory, checkpoint.WeightsSha256, checkpoint.Model.Shape.Architecture,
            spec.Family, spec.TrainingFlops, spec.Device, spec.DType);
        var shape = checkpoint.Model.Shape;
        _log.LogDebug("loaded {Name} ({Architecture}, {Layers} layers, d={Hidden}, vocab {Vocab}) from {Directory} on {Device}/{DType} in {Seconds:F2} s; weights sha256 {Sha}",
            identity.Name, shape.Architecture, shape.Layers, shape.Hidden, shape.Vocab, directory, spec.Device, spec.DType, clock.Elapsed.TotalSeconds, checkpoint.WeightsSha256[..12]);
        return new TorchLoadedModel(identity, checkpoint, new MemoryBudget(batchRows), console, _log);
    }

    /// <summary>Where a self-made checkpoint is cached.</summary>
    public static string InitDirectory(string cacheRoot, ModelInitSpec init) =>
        Path.Combine(cacheRoot, "models", $"{init.Architecture}-{init.Preset}-seed{init.Seed}");

    private string EnsureInitialised(ModelInitSpec init)
    {
        var directory = InitDirectory(CacheRoot, init);
        if (File.Exists(Path.Combine(directory, "model.safetensors")))
        {
            _log.LogDebug("random-initialised checkpoint found in the cache: {Directory}", directory);
            return directory;
        }
        console.WriteLine($"creating random-initialised checkpoint {directory}");
        CheckpointInitializer.Create(init.Architecture, init.Preset, init.Seed, directory);
        return directory;
    }
}
