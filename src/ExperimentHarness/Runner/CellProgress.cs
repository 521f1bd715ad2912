namespace ExperimentHarness.Runner;

/// <summary>How far a cell is: items finished of all, and what this invocation did (items, generated tokens, executed FLOPs).</summary>
public sealed record CellProgress(int Finished, int Total, int GeneratedThisRun, long GeneratedTokensThisRun, double ExecutedFlopsThisRun = 0)
{
    /// <summary>The progress once <paramref name="item"/> has been stored by this invocation.</summary>
    public CellProgress After(Store.ItemResult item) => this with
    {
        Finished = Finished + 1,
        GeneratedThisRun = GeneratedThisRun + 1,
        // Samples reused from another cell were not generated now.
        GeneratedTokensThisRun = GeneratedTokensThisRun + item.GeneratedTokens - item.Samples.Take(item.SamplesReused).Sum(s => (long)s.GeneratedTokens),
        ExecutedFlopsThisRun = ExecutedFlopsThisRun + item.FlopsExecuted,
    };
}
