using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;
using ExperimentHarness.Runner;

namespace ExperimentHarness.Tests.Support;

/// <summary>
/// Loads real models through <paramref name="inner"/> and cancels <paramref name="stop"/> once the engines have returned
/// <paramref name="resultsBeforeStop"/> results in all (counted across models and cells): a stop at an observed point of
/// progress, mid-cell and mid-batch, as Ctrl-C or SIGTERM would land.
/// </summary>
public sealed class CancellingModelLoader(IModelLoader inner, CancellationTokenSource stop, int resultsBeforeStop) : IModelLoader
{
    private int _results;

    public ILoadedModel Load(ModelSpec spec, int batchRows, CancellationToken ct) => new Counting(inner.Load(spec, batchRows, ct), this);

    private void Count()
    {
        if (++_results == resultsBeforeStop) stop.Cancel();
    }

    private sealed class Counting(ILoadedModel model, CancellingModelLoader owner) : ForwardingLoadedModel(model), IGenerationEngine
    {
        public override IGenerationEngine Engine => this;

        public IEnumerable<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken ct)
        {
            foreach (var result in Inner.Engine.Generate(requests, ct))
            {
                owner.Count();
                yield return result;
            }
        }
    }
}
