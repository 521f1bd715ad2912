using ExperimentHarness.Enhancements;
using ExperimentHarness.Store;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Store;

public class ResultsStoreTests
{
    private static ItemResult Item(string key, int index, bool correct) => new(
        key, $"item-{index}", index, "prompt", "5",
        [new SampleOutcome(0, "The answer is 5.", 4, "stop", "5", "5", 1e6, 1e6)],
        new AnswerChoice("5", 0, "first"), new AnswerChoice("5", 0, "first"),
        correct, correct, 12, 4, 1e6, 1e6, 42);

    [Fact]
    public void AppendIsIdempotentAndDurableAcrossReopen()
    {
        var dir = TestPaths.NewTempDirectory();
        using (var store = ResultsStore.Open(dir))
        {
            store.WriteHeader("cell", "{\"a\":1}");
            store.WriteHeader("cell", "{\"a\":2}");
            Assert.True(store.Append("cell", Item("k1", 1, true)));
            Assert.True(store.Append("cell", Item("k0", 0, false)));
            Assert.False(store.Append("cell", Item("k1", 1, false)));
            Assert.True(store.Append("other", Item("k2", 0, true)));
        }
        using var reopened = ResultsStore.Open(dir);
        var items = reopened.ReadItems("cell");
        Assert.Equal(["item-0", "item-1"], items.Select(i => i.ItemId));
        Assert.True(items[1].CorrectStrict);                       // the duplicate append changed nothing
        Assert.Equal("The answer is 5.", items[1].Samples[0].Completion);
        Assert.Equal(["k0", "k1"], reopened.FinishedKeys("cell").Order());
        Assert.Equal("{\"a\":1}", StoredHeader(dir, "cell"));    // the first header is kept
    }

    /// <summary>The header as the file holds it (the store has no reader for it: runs only write headers).</summary>
    private static string? StoredHeader(string dir, string cell)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir, ResultsStore.FileName)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT header_json FROM runs WHERE cell = $cell";
        command.Parameters.AddWithValue("$cell", cell);
        return command.ExecuteScalar() as string;
    }
}
