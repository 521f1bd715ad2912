using ExperimentHarness.Engine;
using ExperimentHarness.Models;
using ExperimentHarness.Foundation;
using Microsoft.Extensions.Logging;

namespace ExperimentHarness.Runner;

/// <summary>
/// A checkpoint loaded for a run and everything built on it: the generation engine (which reports when it
/// backs off after running out of memory), log-likelihood scorer, cost model, embedder, device k-NN, verifier
/// head trainer and fine-tuner, and any separately configured embedding models. Disposing frees all weights.
/// </summary>
internal sealed class TorchLoadedModel : ILoadedModel
{
    private readonly LoadedCheckpoint _checkpoint;
    private readonly TorchVerifierFineTuner _fineTuner;
    private readonly Dictionary<string, LoadedCheckpoint> _embeddingModels = new(StringComparer.Ordinal);
    private readonly ILogger _log;

    public TorchLoadedModel(ModelIdentity identity, LoadedCheckpoint checkpoint, int batchRows, IConsoleOutput console, ILogger log)
    {
        Identity = identity;
        _checkpoint = checkpoint;
        _log = log;
        var engine = new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer, batchRows);
        engine.RowLimitLowered += limit => console.WriteError($"warning: out of device memory; retrying in smaller batches (at most {limit} sample rows from now on)");
        log.LogDebug("generation: at most {Rows} sample rows decode together (batch_rows; halved on out-of-memory)", batchRows);
        Engine = engine;
        Scorer = new TorchContinuationScorer(checkpoint.Model, checkpoint.Tokenizer);
        CostModel = new LedgerCostModel(new FlopLedger(checkpoint.Model.Shape), checkpoint.Tokenizer);
        Embedder = new TorchTextEmbedder(checkpoint.Model, checkpoint.Tokenizer, checkpoint.WeightsSha256);
        NeighbourSearch = new TorchCosineSearch(checkpoint.Model.Device);
        _fineTuner = new TorchVerifierFineTuner(checkpoint);
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
        return new TorchTextEmbedder(loaded.Model, loaded.Tokenizer, loaded.WeightsSha256);
    }

    public void Dispose()
    {
        _fineTuner.Dispose();
        foreach (var loaded in _embeddingModels.Values) loaded.Dispose();
        _checkpoint.Dispose();
    }
}
