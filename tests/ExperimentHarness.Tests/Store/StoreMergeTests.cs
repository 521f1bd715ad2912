using System.Text.Json;
using ExperimentHarness.Runner;
using ExperimentHarness.Store;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Store;

/// <summary><c>merge</c> on shards cut from a real sweep's store, by cell and by item, and on conflicting duplicates.</summary>
public class StoreMergeTests
{
    /// <summary>Everything a store holds that a reader sees: per cell its header and its items as stored records.</summary>
    private static List<string> Contents(string directory)
    {
        using var store = ResultsStore.OpenReadOnly(directory);
        return store.Cells().SelectMany(cell => new[] { $"{cell} header {store.ReadHeader(cell)}" }
            .Concat(store.ReadItems(cell).Select(i => $"{cell} item {JsonSerializer.Serialize(i)}"))).ToList();
    }

    private static Dictionary<string, string> Summaries(string directory) =>
        Directory.EnumerateFiles(directory, "summary.json", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), File.ReadAllText);

    /// <summary>Writes shards of <paramref name="original"/>: each (cell, item) goes to the shard <paramref name="shardOf"/> names; every shard gets every header.</summary>
    private static string[] Split(string original, string dir, Func<int, ItemResult, int> shardOf, int shards = 3)
    {
        var paths = Enumerable.Range(0, shards).Select(s => Path.Combine(dir, $"shard{s}")).ToArray();
        using var source = ResultsStore.OpenReadOnly(original);
        var targets = paths.Select(p => ResultsStore.Open(p)).ToArray();
        try
        {
            var cells = source.Cells();
            for (var c = 0; c < cells.Count; c++)
            {
                foreach (var t in targets) t.WriteHeader(cells[c], source.ReadHeader(cells[c])!);
                foreach (var item in source.ReadItems(cells[c])) targets[shardOf(c, item)].Append(cells[c], item);
            }
        }
        finally
        {
            foreach (var t in targets) t.Dispose();
        }
        return paths;
    }

    [Fact]
    public async Task ThreeShardsByCellMergeToTheOriginalExactlyAndReadBackThroughFitAndReport()
    {
        var dir = TestPaths.NewTempDirectory();
        var original = SmallSweep.Run(dir);
        var shards = Split(original, dir, (cell, _) => cell % 3);
        // Each shard ran whole cells, so it wrote those cells' summaries.
        using (var source = ResultsStore.OpenReadOnly(original))
        {
            var cells = source.Cells().ToList();
            foreach (var (relative, text) in Summaries(original))
            {
                var cell = JsonDocument.Parse(text).RootElement.GetProperty("cell").GetString()!;
                var target = Path.Combine(shards[cells.IndexOf(cell) % 3], relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(Path.Combine(original, relative), target);
            }
        }
        var merged = Path.Combine(dir, "merged");
        var console = new CapturingConsole();
        Assert.Equal(0, await CliHost.RunAsync(["merge", "--out", merged, .. shards], console));

        Assert.Equal(Contents(original), Contents(merged));
        Assert.Equal(Summaries(original), Summaries(merged));
        Assert.Contains(console.Lines, l => l.Contains($"12 cells, {12 * SmallSweep.Items} items (0 identical duplicates kept once), 12 summaries"));
        Assert.Equal(0, await CliHost.RunAsync(["fit", "--results", merged, "--out", Path.Combine(dir, "fit"), "--replicates", "0"], console));
        Assert.Equal(0, await CliHost.RunAsync(["report", "--results", merged, "--out", Path.Combine(dir, "report"), "--replicates", "0"], console));
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "fit", "ceg.md")),
            await FitMarkdown(original, Path.Combine(dir, "fit-original")));
        Assert.Contains("showing 10 of 10 items", File.ReadAllText(Path.Combine(dir, "report", "report.html")));
    }

    private static async Task<string> FitMarkdown(string results, string output)
    {
        Assert.Equal(0, await CliHost.RunAsync(["fit", "--results", results, "--out", output, "--replicates", "0"], new CapturingConsole()));
        return File.ReadAllText(Path.Combine(output, "ceg.md"));
    }

    [Fact]
    public async Task ThreeShardsByItemMergeToTheOriginalStoreAndASplitCellsSummaryIsLeftOutWithANote()
    {
        var dir = TestPaths.NewTempDirectory();
        var original = SmallSweep.Run(dir);
        var shards = Split(original, dir, (_, item) => item.ItemIndex % 3);
        var summaries = Summaries(original);
        var (relative, text) = summaries.First();
        foreach (var (shard, content) in new[] { (shards[0], text), (shards[1], text.Replace("\"complete\": true", "\"complete\": false")) })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(shard, relative))!);
            File.WriteAllText(Path.Combine(shard, relative), content);
        }
        var merged = Path.Combine(dir, "merged");
        var console = new CapturingConsole();
        Assert.Equal(0, await CliHost.RunAsync(["merge", "--out", merged, .. shards], console));

        Assert.Equal(Contents(original), Contents(merged));
        Assert.Empty(Summaries(merged));
        Assert.Contains(console.Errors, e => e.Contains(relative) && e.Contains("split across shards") && e.Contains(shards[0]) && e.Contains(shards[1]));

        // What the note advises: rerunning the config into the merged directory rewrites every summary and generates nothing.
        SmallSweep.Run(dir, out var requests, output: merged);
        Assert.Equal(0, requests);
        Assert.Equal(Contents(original), Contents(merged));
        Assert.Equal(summaries.Keys.Order(), Summaries(merged).Keys.Order());
        Assert.Equal(JsonDocument.Parse(summaries[relative]).RootElement.GetProperty("item_correct").ToString(),
            JsonDocument.Parse(Summaries(merged)[relative]).RootElement.GetProperty("item_correct").ToString());
    }

    [Fact]
    public async Task IdenticalDuplicatesAreKeptOnceAndAConflictRefusesTheMergeNamingCellItemAndStores()
    {
        var dir = TestPaths.NewTempDirectory();
        var original = SmallSweep.Run(dir);
        var copy = Path.Combine(dir, "copy");
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(original, ResultsStore.FileName), Path.Combine(copy, ResultsStore.FileName));
        var console = new CapturingConsole();
        Assert.Equal(0, await CliHost.RunAsync(["merge", "--out", Path.Combine(dir, "twice"), original, copy], console));
        Assert.Equal(Contents(original), Contents(Path.Combine(dir, "twice")));
        Assert.Contains(console.Lines, l => l.Contains($"({12 * SmallSweep.Items} identical duplicates kept once)"));

        // A shard that recorded one item differently (same key, another completion).
        var conflicting = Split(original, Path.Combine(dir, "conflict"), (_, _) => 0, shards: 1)[0];
        string cell, itemId;
        using (var store = ResultsStore.Open(conflicting))
        {
            cell = store.Cells()[1];
            var item = store.ReadItems(cell)[4];
            itemId = item.ItemId;
        }
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(conflicting, ResultsStore.FileName)};Pooling=False"))
        {
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = "UPDATE items SET record_json = replace(record_json, 'The answer is', 'The answer was') WHERE cell = $cell AND item_id = $id";
            command.Parameters.AddWithValue("$cell", cell);
            command.Parameters.AddWithValue("$id", itemId);
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        var refused = Path.Combine(dir, "refused");
        console = new CapturingConsole();
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["merge", "--out", refused, original, conflicting], console));
        var error = Assert.Single(console.Errors);
        Assert.Contains($"cell {cell} item {itemId}", error);
        Assert.Contains($"between {original} and {conflicting}", error);
        Assert.Contains("1 conflicting duplicate", error);
        Assert.False(Directory.Exists(refused));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(dir), e => Path.GetFileName(e).Contains("merge-"));
    }

    [Fact]
    public async Task MergeRefusesANonEmptyOutputAndAFolderThatIsNotAStore()
    {
        var dir = TestPaths.NewTempDirectory();
        var original = SmallSweep.Run(dir);
        var console = new CapturingConsole();
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["merge", "--out", dir, original], console));
        Assert.Contains(console.Errors, e => e.Contains("exists and is not empty"));
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["merge", "--out", Path.Combine(dir, "m"), original, Path.Combine(original, "small")], console));
        Assert.Contains(console.Errors, e => e.Contains("has no results.sqlite"));
        Assert.Equal(ExitCodes.NotFound, await CliHost.RunAsync(["merge", "--out", Path.Combine(dir, "m"), Path.Combine(dir, "absent")], console));
        Assert.False(Directory.Exists(Path.Combine(dir, "m")));
    }
}
