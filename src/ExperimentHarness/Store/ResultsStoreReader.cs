using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ExperimentHarness.Store;

/// <summary>
/// A read-only view of an output directory's <see cref="ResultsStore"/>: it takes no lock and creates nothing, so a sweep's
/// plan (and a test) can look at a store while another process writes it. <see cref="Open"/> returns null where no store exists.
/// </summary>
public sealed class ResultsStoreReader : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly SqliteConnection _connection;

    private ResultsStoreReader(SqliteConnection connection) => _connection = connection;

    public static ResultsStoreReader? Open(string directory)
    {
        var file = Path.Combine(directory, ResultsStore.FileName);
        if (!File.Exists(file)) return null;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return new ResultsStoreReader(connection);
    }

    /// <summary>Every cell with a header, in id order.</summary>
    public IReadOnlyList<string> Cells()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT cell FROM runs ORDER BY cell";
        using var reader = command.ExecuteReader();
        var cells = new List<string>();
        while (reader.Read()) cells.Add(reader.GetString(0));
        return cells;
    }

    public IReadOnlySet<string> FinishedKeys(string cell)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT key FROM items WHERE cell = $cell";
        command.Parameters.AddWithValue("$cell", cell);
        using var reader = command.ExecuteReader();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read()) keys.Add(reader.GetString(0));
        return keys;
    }

    /// <summary>All finished items of a cell, in item order.</summary>
    public IReadOnlyList<ItemResult> ReadItems(string cell)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT record_json FROM items WHERE cell = $cell ORDER BY item_index";
        command.Parameters.AddWithValue("$cell", cell);
        using var reader = command.ExecuteReader();
        var items = new List<ItemResult>();
        while (reader.Read())
            items.Add(JsonSerializer.Deserialize<ItemResult>(reader.GetString(0), Json)
                      ?? throw new InvalidDataException("empty item record in " + ResultsStore.FileName));
        return items;
    }

    public void Dispose() => _connection.Dispose();
}
