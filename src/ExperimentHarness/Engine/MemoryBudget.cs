using ExperimentHarness.Config;

namespace ExperimentHarness.Engine;

/// <summary>
/// The run's one device-memory budget (<c>batch_rows</c>): the most rows any batch on the device may hold —
/// generated samples, scored options, embedded texts. Every device user of a loaded model shares one budget:
/// work that runs out of memory is retried with half the rows, and the lower limit holds for the rest of the
/// model's life, for every user.
/// </summary>
public sealed class MemoryBudget
{
    public MemoryBudget(int rows = ConfigDefaults.BatchRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        Rows = rows;
    }

    /// <summary>The most rows a batch may hold now, halved after each out-of-memory failure.</summary>
    public int Rows { get; private set; }

    /// <summary>Raised with the new row limit after work ran out of memory and is retried in smaller batches.</summary>
    public event Action<int>? Lowered;

    /// <summary>
    /// Called when a batch of <paramref name="triedRows"/> rows ran out of memory (<paramref name="e"/>, see
    /// <see cref="OutOfMemory.Is"/>): halves the limit, never below <paramref name="floor"/> (the rows that cannot be
    /// split, e.g. the samples of one prompt). When the failed batch was already that small there is nothing left
    /// to halve: throws <see cref="InsufficientMemoryException"/> with <paramref name="describe"/>'s account of the work.
    /// </summary>
    public void HalveAfter(Exception e, int triedRows, int floor, Func<string> describe)
    {
        if (triedRows <= floor)
            throw new InsufficientMemoryException($"out of memory {describe()}: {e.Message}", e);
        Rows = Math.Max(floor, Math.Min(Rows, triedRows) / 2);
        Lowered?.Invoke(Rows);
    }

    /// <summary>
    /// Runs sequences of the given lengths in length-sorted batches (<see cref="LengthBatches"/>) of at most
    /// <see cref="Rows"/> rows and <paramref name="maxBatchTokens"/> padded tokens. A batch that runs out of memory
    /// is planned again, with every sequence not yet done, under the halved limit. <paramref name="run"/> receives
    /// indices into <paramref name="lengths"/> and must keep nothing of a batch that throws.
    /// </summary>
    public void InBatches(IReadOnlyList<int> lengths, long maxBatchTokens, Action<IReadOnlyList<int>> run, Func<IReadOnlyList<int>, string> describe,
        CancellationToken ct)
    {
        IReadOnlyList<int> pending = Enumerable.Range(0, lengths.Count).ToList();
        while (pending.Count > 0)
        {
            var done = new HashSet<int>();
            var failed = false;
            foreach (var planned in LengthBatches.Plan(pending.Select(i => lengths[i]).ToList(), Rows, maxBatchTokens))
            {
                ct.ThrowIfCancellationRequested();
                var batch = planned.Select(b => pending[b]).ToList();
                try
                {
                    run(batch);
                }
                catch (Exception e) when (OutOfMemory.Is(e))
                {
                    HalveAfter(e, batch.Count, 1, () => describe(batch));
                    failed = true;
                    break;
                }
                done.UnionWith(batch);
            }
            pending = failed ? pending.Where(i => !done.Contains(i)).ToList() : [];
        }
    }
}
