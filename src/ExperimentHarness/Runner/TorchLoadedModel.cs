using ExperimentHarness.Engine;
using ExperimentHarness.Models;
using ExperimentHarness.Foundation;
using Microsoft.Extensions.Logging;

namespace ExperimentHarness.Runner;

/// <summary>
/// A checkpoint loaded for a run and everything built on it: the generation engine, log-likelihood scorer, cost
/// model, embedder, device k-NN, verifier head trainer and fine-tuner, and any separately configured embedding
/// models. The engine, scorer and embedders share one <see cref="MemoryBudget"/>, which warns when it is halved
/// after running out of memory. Disposing frees all weights.
/// </summary>
internal sealed class TorchLoadedModel : ILoadedModel
{
    private readonly LoadedCheckpoint _checkpoint;
    private readonly TorchVerifierFineTuner _fineTuner;
    private readonly MemoryBudget _budget;
    private readonly Dictionary<string, LoadedCheckpoint> _embeddingModels = new(StringComparer.Ordinal);
    private readonly ILogger _log;

    public TorchLoadedModel(ModelIdentity identity, LoadedCheckpoint checkpoint, MemoryBudget budget, IConsoleOutput console, ILogger log)
    {
        Identity = identity;
        _checkpoint = checkpoint;
        _budget = budget;
        _log = log;
        budget.Lowered += limit => console.WriteError($"warning: out of device memory; retrying in smaller batches (at most {limit} rows from now on)");
        log.LogDebug("device batches: at most {Rows} rows together (batch_rows; halved on out-of-memory)", budget.Rows);
        Engine = new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer, budget);
        Scorer = new TorchContinuationScorer(checkpoint.Model, checkpoint.Tokenizer, budget);
        CostModel = new LedgerCostModel(new FlopLedger(checkpoint.Model.Shape), checkpoint.Tokenizer);
        Embedder = new TorchTextEmbedder(checkpoint.Model, checkpoint.Tokenizer, checkpoint.WeightsSha256, budget);
        NeighbourSearch = new TorchCosineSearch(checkpoint.Model.Device);
        _fineTuner = new TorchVerifierFineTuner(checkpoint, budget);
    }

    public ModelIdentity Identity { get; }

    public IGenerationEngine Engine { get; }

    public IContinuationScorer Scorer { get; }

    public IInferenceCostModel CostModel { get; }

    public Enhancements.ITextEmbedder Embedder { get; }

    public Enhancements.INearestNeighbourSearch NeighbourSearch { get; }

    public Enhancements.IVerifierHeadTrainer HeadTrainer { get; } = new LogisticHeadTrainer();

    public Enhancements.IVerifierFineTuner? FineTuner => _fineTuner;

    public Enhancements.ITextEmbedder LoadEmbedder(string directory)
    {
        if (!_embeddingModels.TryGetValue(directory, out var loaded))
        {
            if (!File.Exists(Path.Combine(directory, "config.json")))
                throw new InputException($"embedding model: no checkpoint (config.json) in {directory}");
            loaded = LoadedCheckpoint.Load(directory, Identity.Device, Identity.DType);
            _embeddingModels[directory] = loaded;
            _log.LogDebug("loaded embedding model {Directory} ({Architecture}) on {Device}/{DType}", directory, loaded.Model.Shape.Architecture, Identity.Device, Identity.DType);
        }
        return new TorchTextEmbedder(loaded.Model, loaded.Tokenizer, loaded.WeightsSha256, _budget);
    }

    public void Dispose()
    {
        _fineTuner.Dispose();
        foreach (var loaded in _embeddingModels.Values) loaded.Dispose();
        _checkpoint.Dispose();
    }
}
