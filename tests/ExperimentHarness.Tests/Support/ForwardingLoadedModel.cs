using ExperimentHarness.Engine;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;
using ExperimentHarness.Runner;

namespace ExperimentHarness.Tests.Support;

/// <summary>A loaded model that forwards everything to another; a test overrides <see cref="Engine"/> to watch or steer generation.</summary>
public abstract class ForwardingLoadedModel(ILoadedModel inner) : ILoadedModel
{
    protected ILoadedModel Inner => inner;

    public ModelIdentity Identity => inner.Identity;

    public virtual IGenerationEngine Engine => inner.Engine;

    public IContinuationScorer Scorer => inner.Scorer;

    public IInferenceCostModel CostModel => inner.CostModel;

    public ITextEmbedder Embedder => inner.Embedder;

    public INearestNeighbourSearch NeighbourSearch => inner.NeighbourSearch;

    public IVerifierHeadTrainer HeadTrainer => inner.HeadTrainer;

    public IVerifierFineTuner? FineTuner => inner.FineTuner;

    public ITextEmbedder LoadEmbedder(string directory) => inner.LoadEmbedder(directory);

    public void Dispose() => inner.Dispose();
}
