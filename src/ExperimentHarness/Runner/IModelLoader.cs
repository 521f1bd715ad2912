using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner;

/// <summary>A model ready to run: who it is and the engine that generates with it. Disposing frees its weights.</summary>
public interface ILoadedModel : IDisposable
{
    ModelIdentity Identity { get; }

    IGenerationEngine Engine { get; }

    IContinuationScorer Scorer { get; }

    IInferenceCostModel CostModel { get; }

    Enhancements.ITextEmbedder Embedder { get; }

    Enhancements.INearestNeighbourSearch NeighbourSearch { get; }

    Enhancements.IVerifierHeadTrainer HeadTrainer { get; }

    /// <summary>A separately configured embedding model (checkpoint directory) on this model's device and dtype, freed with this model.</summary>
    Enhancements.ITextEmbedder LoadEmbedder(string directory);

    /// <summary>LM fine-tuning for verifiers; null where the model cannot be trained.</summary>
    Enhancements.IVerifierFineTuner? FineTuner { get; }
}

/// <summary>
/// Turns a config's model section into a loaded model (reading a checkpoint, or making and caching a self-made one)
/// whose device work shares one memory budget of <paramref name="batchRows"/> rows (<see cref="Engine.MemoryBudget"/>).
/// </summary>
public interface IModelLoader
{
    ILoadedModel Load(ModelSpec spec, int batchRows, CancellationToken ct);

    /// <summary>Checks what can be checked without loading weights (a checkpoint's config.json); throws an input error naming each problem.</summary>
    void Check(ModelSpec spec)
    {
    }
}
