using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Store;

/// <summary>What a merge wrote: cells and items in the merged store, duplicates that were identical (kept once), and notes.</summary>
public sealed record MergeResult(int Cells, int Items, int IdenticalDuplicates, int Summaries, IReadOnlyList<string> Notes);

/// <summary>
/// Combines the result stores of shards (each a run's output directory) into one new store. An item stored by two shards
/// (same key) is kept once when both records are identical and refuses the whole merge when they differ: the message names
/// the cell, the item and both stores, and nothing is written. The merged directory is built in a temporary sibling and
/// moved into place in one step, so <paramref name="output"/> either does not change or holds the complete merge.
/// Each shard's <c>summary.json</c> files are carried over by relative path; a summary two shards wrote differently
/// (a cell split across shards) is left out with a note, since only a run can rebuild it from the merged items.
/// </summary>
public static class StoreMerge
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private sealed record Stored(string Cell, ItemResult Item, string Record, string Store);

    public static MergeResult Merge(IReadOnlyList<string> sources, string output)
    {
        var target = Path.GetFullPath(output);
        var stores = sources.Select(Path.GetFullPath).ToList();
        Check(stores, target);
        var headers = new Dictionary<string, (string Json, string Store)>(StringComparer.Ordinal);
        var items = new Dictionary<string, Stored>(StringComparer.Ordinal);
        var notes = new List<string>();
        var conflicts = new List<string>();
        var identical = 0;
        foreach (var source in stores)
        {
            using var store = ResultsStore.OpenReadOnly(source);
            foreach (var cell in store.Cells())
            {
                if (store.ReadHeader(cell) is { } header && !headers.TryAdd(cell, (header, source)) && headers[cell].Json != header)
                    notes.Add($"cell {cell}: the run header in {source} differs from the one in {headers[cell].Store} (the first is kept)");
                foreach (var item in store.ReadItems(cell))
                {
                    var stored = new Stored(cell, item, JsonSerializer.Serialize(item, Json), source);
                    if (items.TryAdd(item.Key, stored)) continue;
                    var first = items[item.Key];
                    if (first.Cell == cell && first.Record == stored.Record) identical++;
                    else conflicts.Add($"cell {cell} item {item.ItemId} (key {item.Key}) differs between {first.Store} and {source}");
                }
            }
        }
        if (conflicts.Count > 0)
            throw new InputException($"merge refused, nothing written to {target}: {conflicts.Count} conflicting duplicate item(s): " +
                string.Join("; ", conflicts.Take(5)) + (conflicts.Count > 5 ? $"; and {conflicts.Count - 5} more" : ""));
        var summaries = Summaries(stores, notes);
        Write(target, headers, items.Values, summaries);
        return new MergeResult(headers.Keys.Concat(items.Values.Select(i => i.Cell)).Distinct().Count(), items.Count, identical, summaries.Count, notes);
    }

    private static void Check(IReadOnlyList<string> stores, string target)
    {
        if (stores.Count == 0) throw new InputException("merge: give at least one store to merge");
        foreach (var store in stores)
        {
            if (!Directory.Exists(store)) throw new DirectoryNotFoundException($"merge: store {store} not found");
            if (!File.Exists(Path.Combine(store, ResultsStore.FileName)))
                throw new InputException($"merge: {store} has no {ResultsStore.FileName} (not a results directory written by 'run')");
            if (store == target) throw new InputException($"merge: --out {target} is also one of the stores to merge; give a new directory");
        }
        if (stores.Distinct().Count() != stores.Count) throw new InputException("merge: a store is listed twice");
        if (File.Exists(target)) throw new InputException($"merge: --out {target} is an existing file; give a new directory");
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new InputException($"merge: --out {target} exists and is not empty; give a new directory");
    }

    /// <summary>Relative path → text of every shard's summary.json that no other shard wrote differently.</summary>
    private static Dictionary<string, string> Summaries(IReadOnlyList<string> stores, List<string> notes)
    {
        var found = new Dictionary<string, (string Text, string Store)>(StringComparer.Ordinal);
        var split = new HashSet<string>(StringComparer.Ordinal);
        foreach (var store in stores)
        foreach (var file in Directory.EnumerateFiles(store, "summary.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(store, file);
            var text = File.ReadAllText(file);
            if (found.TryAdd(relative, (text, store)) || found[relative].Text == text || !split.Add(relative)) continue;
            notes.Add($"{relative} differs between {found[relative].Store} and {store} (its cell was split across shards), so it is left out: " +
                "rerun the config with --out set to the merged directory to rewrite it (finished items are not run again)");
        }
        return found.Where(f => !split.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value.Text, StringComparer.Ordinal);
    }

    private static void Write(string target, Dictionary<string, (string Json, string Store)> headers, IEnumerable<Stored> items,
        IReadOnlyDictionary<string, string> summaries)
    {
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(target)}.merge-{Environment.ProcessId}");
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        try
        {
            using (var merged = ResultsStore.Open(temp))
            {
                foreach (var (cell, header) in headers.OrderBy(h => h.Key, StringComparer.Ordinal)) merged.WriteHeader(cell, header.Json);
                merged.AppendAll(items.OrderBy(i => i.Cell, StringComparer.Ordinal).ThenBy(i => i.Item.ItemIndex).ThenBy(i => i.Item.Key, StringComparer.Ordinal)
                    .Select(i => (i.Cell, i.Item)));
            }
            foreach (var (relative, text) in summaries) AtomicFile.WriteAllText(Path.Combine(temp, relative), text);
            if (Directory.Exists(target)) Directory.Delete(target);     // checked empty above
            Directory.Move(temp, target);
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
    }
}
