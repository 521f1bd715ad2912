using ExperimentHarness.Benchmarks;
using ExperimentHarness.Store;

namespace ExperimentHarness.Runner;

/// <summary>One item of a cell still to do: the item, its index in the cell, and its store key.</summary>
public sealed record PendingItem(BenchmarkItem Item, int Index, string Key);

/// <summary>
/// What a cell does with its items in one mode (generation, log-likelihood): turns a chunk of pending items into results,
/// handing each to <c>finished</c> as soon as it is complete, never a half-done one.
/// </summary>
public interface ICellWork
{
    void Run(IReadOnlyList<PendingItem> chunk, Action<ItemResult> finished, CancellationToken ct);
}

/// <summary>
/// The item loop every mode shares: skips the items the store already has (resume), hands the rest to the mode's work
/// <c>batch_size</c> at a time, appends each finished item to the store at once and reports progress. A stop is
/// checked between chunks and inside the work; whatever was stored stays, nothing half-done is written.
/// </summary>
public static class CellLoop
{
    public static CellProgress Run(CellSpec cell, ResultsStore store, ICellWork work, Action<CellProgress>? onProgress, CancellationToken ct)
    {
        var finished = store.FinishedKeys(cell.Id);
        var pending = cell.Items.Select((item, i) => new PendingItem(item, i, cell.ItemKey(item))).Where(p => !finished.Contains(p.Key)).ToList();
        var progress = new CellProgress(cell.Items.Count - pending.Count, cell.Items.Count, 0, 0);
        onProgress?.Invoke(progress);
        foreach (var chunk in pending.Chunk(Math.Max(1, cell.BatchSize)))
        {
            ct.ThrowIfCancellationRequested();
            work.Run(chunk, result =>
            {
                store.Append(cell.Id, result);
                progress = progress.After(result);
                onProgress?.Invoke(progress);
            }, ct);
        }
        return progress;
    }
}
