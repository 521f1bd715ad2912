using ExperimentHarness.Config;
using ExperimentHarness.Engine;
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
        return new TorchLoadedModel(identity, checkpoint);
    }

    private string EnsureInitialised(ModelInitSpec init)
    {
        var directory = Path.Combine(CacheRoot, "models", $"{init.Architecture}-{init.Preset}-seed{init.Seed}");
        if (File.Exists(Path.Combine(directory, "model.safetensors"))) return directory;
        console.WriteLine($"creating random-initialised checkpoint {directory}");
        CheckpointInitializer.Create(init.Architecture, init.Preset, init.Seed, directory);
        return directory;
    }

    private sealed class TorchLoadedModel(ModelIdentity identity, LoadedCheckpoint checkpoint) : ILoadedModel
    {
        public ModelIdentity Identity => identity;

        public IGenerationEngine Engine { get; } = new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer);

        public IContinuationScorer Scorer { get; } = new TorchContinuationScorer(checkpoint.Model, checkpoint.Tokenizer);

        public IInferenceCostModel CostModel { get; } = new LedgerCostModel(new FlopLedger(checkpoint.Model.Shape), checkpoint.Tokenizer);

        public Enhancements.ITextEmbedder Embedder { get; } = new TorchTextEmbedder(checkpoint.Model, checkpoint.Tokenizer, checkpoint.WeightsSha256);

        public Enhancements.INearestNeighbourSearch NeighbourSearch { get; } = new TorchCosineSearch(checkpoint.Model.Device);

        public Enhancements.IVerifierHeadTrainer HeadTrainer { get; } = new LogisticHeadTrainer();

        private readonly TorchVerifierFineTuner _fineTuner = new(checkpoint);

        public Enhancements.IVerifierFineTuner? FineTuner => _fineTuner;

        private readonly Dictionary<string, LoadedCheckpoint> _embeddingModels = new(StringComparer.Ordinal);

        public Enhancements.ITextEmbedder LoadEmbedder(string directory)
        {
            if (!_embeddingModels.TryGetValue(directory, out var loaded))
            {
                if (!File.Exists(Path.Combine(directory, "config.json")))
                    throw new InputException($"embedding model: no checkpoint (config.json) in {directory}");
                loaded = LoadedCheckpoint.Load(directory, identity.Device, identity.DType);
                _embeddingModels[directory] = loaded;
            }
            return new TorchTextEmbedder(loaded.Model, loaded.Tokenizer, loaded.WeightsSha256);
        }

        public void Dispose()
        {
            _fineTuner.Dispose();
            foreach (var loaded in _embeddingModels.Values) loaded.Dispose();
            checkpoint.Dispose();
        }
    }
}
