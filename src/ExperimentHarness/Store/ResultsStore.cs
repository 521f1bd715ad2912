using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ExperimentHarness.Store;

/// <summary>
/// The results of one output directory: an SQLite database in WAL mode with synchronous=FULL, so each
/// appended item is durable when <see cref="Append"/> returns (a crash or kill -9 loses nothing that
/// was appended). Appends are idempotent per key: a resumed run never duplicates an item. One writer at a time:
/// the directory's <see cref="RunDirectoryLock"/> is held while the store is open. Each item's sample identities are indexed
/// (table <c>samples</c>) in the item's own transaction, so another cell can reuse a sample only from a fully stored item.
/// </summary>
public sealed class ResultsStore : IDisposable
{
    public const string FileName = "results.sqlite";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly SqliteConnection _connection;
    private readonly RunDirectoryLock? _ownedLock;

    private ResultsStore(SqliteConnection connection, RunDirectoryLock? ownedLock) => (_connection, _ownedLock) = (connection, ownedLock);

    /// <summary>
    /// Opens (or creates) the store of <paramref name="directory"/>. Without <paramref name="heldLock"/> the store takes the
    /// directory's <see cref="RunDirectoryLock"/> itself and holds it until disposed; a run that took the lock earlier passes it
    /// (and keeps owning it). Either way, a second writer into the same directory fails at once instead of duplicating work.
    /// </summary>
    public static ResultsStore Open(string directory, RunDirectoryLock? heldLock = null)
    {
        if (heldLock is not null && heldLock.Directory != Path.GetFullPath(directory))
            throw new ArgumentException($"the lock is for {heldLock.Directory}, not {directory}", nameof(heldLock));
        var ownedLock = heldLock is null ? RunDirectoryLock.Acquire(directory) : null;
        try
        {
            return new ResultsStore(OpenConnection(directory), ownedLock);
        }
        catch
        {
            ownedLock?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens an existing store for reading only and without the directory lock: <c>report</c> and <c>merge</c> read finished
    /// stores (or shards copied from other machines) and must neither block a run nor change a byte of what they read.
    /// </summary>
    public static ResultsStore OpenReadOnly(string directory) =>
        TryOpenReadOnly(directory)
        ?? throw new FileNotFoundException($"{directory}: no {FileName} (not a results directory written by 'run')", Path.Combine(directory, FileName));

    /// <summary>As <see cref="OpenReadOnly"/>, or null where the directory holds no store yet (a sweep's plan before its first run).</summary>
    public static ResultsStore? TryOpenReadOnly(string directory)
    {
        var file = Path.Combine(directory, FileName);
        if (!File.Exists(file)) return null;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return new ResultsStore(connection, null);
    }

    private static SqliteConnection OpenConnection(string directory)
    {
        Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, FileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        Execute(connection, """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            CREATE TABLE IF NOT EXISTS runs (
                cell TEXT PRIMARY KEY,
                header_json TEXT NOT NULL,
                created_utc TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS items (
                key TEXT PRIMARY KEY,
                cell TEXT NOT NULL,
                item_id TEXT NOT NULL,
                item_index INTEGER NOT NULL,
                correct_strict INTEGER NOT NULL,
                correct_flexible INTEGER NOT NULL,
                prompt_tokens INTEGER NOT NULL,
                generated_tokens INTEGER NOT NULL,
                flops_executed REAL NOT NULL,
                flops_canonical REAL NOT NULL,
                record_json TEXT NOT NULL,
                created_utc TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS items_by_cell ON items(cell, item_index);
            CREATE TABLE IF NOT EXISTS samples (
                identity TEXT PRIMARY KEY,
                item_key TEXT NOT NULL,
                sample_index INTEGER NOT NULL);
            """);
        return connection;
    }

    /// <summary>
    /// Records the cell's header (the JSON the run job writes: config file and text as written, model identity, stack
    /// elements, sampling, tool versions) the first time the cell runs; later runs, even with other command-line
    /// overrides, keep the first.
    /// </summary>
    public void WriteHeader(string cell, string headerJson)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO runs(cell, header_json, created_utc) VALUES ($cell, $json, $now)";
        command.Parameters.AddWithValue("$cell", cell);
        command.Parameters.AddWithValue("$json", headerJson);
        command.Parameters.AddWithValue("$now", DateTime.UtcNow.ToString("O"));
        command.ExecuteNonQuery();
    }

    public string? ReadHeader(string cell)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT header_json FROM runs WHERE cell = $cell";
        command.Parameters.AddWithValue("$cell", cell);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Every cell that has a header or at least one item, in ordinal order.</summary>
    public IReadOnlyList<string> Cells()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT cell FROM runs UNION SELECT DISTINCT cell FROM items ORDER BY 1";
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

    /// <summary>Durably appends one finished item; returns false (and changes nothing) if its key is already stored.</summary>
    public bool Append(string cell, ItemResult result)
    {
        using var transaction = _connection.BeginTransaction();
        var added = Insert(cell, result, transaction);
        transaction.Commit();
        return added;
    }

    /// <summary>
    /// The stored samples with the given identities, looked up in order and stopping at the first one not stored (a request
    /// can start at sample k, so only a leading run is of use), with the prompt token count of the item holding each. A
    /// sample is indexed in the same transaction as its item, so every sample found belongs to a fully stored item.
    /// </summary>
    public IReadOnlyList<(SampleOutcome Sample, int PromptTokens)> LeadingSamples(IReadOnlyList<string> identities)
    {
        var found = new List<(SampleOutcome, int)>();
        var items = new Dictionary<string, ItemResult>(StringComparer.Ordinal);
        foreach (var identity in identities)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT s.item_key, s.sample_index, i.record_json FROM samples s JOIN items i ON i.key = s.item_key WHERE s.identity = $identity";
            command.Parameters.AddWithValue("$identity", identity);
            using var reader = command.ExecuteReader();
            if (!reader.Read()) break;
            var key = reader.GetString(0);
            if (!items.TryGetValue(key, out var item))
                items[key] = item = JsonSerializer.Deserialize<ItemResult>(reader.GetString(2), Json) ?? throw new InvalidDataException("empty item record in " + FileName);
            var sample = item.Samples.FirstOrDefault(s => s.SampleIndex == reader.GetInt32(1) && s.Identity == identity);
            if (sample is null) break;
            found.Add((sample, item.PromptTokens));
        }
        return found;
    }

    /// <summary>
    /// Appends many items in one transaction (one sync instead of one per item); returns how many were new. For writing a store
    /// that nobody reads until it is complete (a merge builds it in a temporary folder); a run appends item by item.
    /// </summary>
    public int AppendAll(IEnumerable<(string Cell, ItemResult Item)> items)
    {
        using var transaction = _connection.BeginTransaction();
        var added = items.Count(i => Insert(i.Cell, i.Item, transaction));
        transaction.Commit();
        return added;
    }

    private bool Insert(string cell, ItemResult result, SqliteTransaction transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR IGNORE INTO items(key, cell, item_id, item_index, correct_strict, correct_flexible,
                prompt_tokens, generated_tokens, flops_executed, flops_canonical, record_json, created_utc)
            VALUES ($key, $cell, $id, $index, $cs, $cf, $pt, $gt, $fe, $fc, $json, $now)
            """;
        command.Parameters.AddWithValue("$key", result.Key);
        command.Parameters.AddWithValue("$cell", cell);
        command.Parameters.AddWithValue("$id", result.ItemId);
        command.Parameters.AddWithValue("$index", result.ItemIndex);
        command.Parameters.AddWithValue("$cs", result.CorrectStrict ? 1 : 0);
        command.Parameters.AddWithValue("$cf", result.CorrectFlexible ? 1 : 0);
        command.Parameters.AddWithValue("$pt", result.PromptTokens);
        command.Parameters.AddWithValue("$gt", result.GeneratedTokens);
        command.Parameters.AddWithValue("$fe", result.FlopsExecuted);
        command.Parameters.AddWithValue("$fc", result.FlopsCanonical);
        command.Parameters.AddWithValue("$json", JsonSerializer.Serialize(result, Json));
        command.Parameters.AddWithValue("$now", DateTime.UtcNow.ToString("O"));
        if (command.ExecuteNonQuery() != 1) return false;
        foreach (var sample in result.Samples.Where(s => s.Identity is not null))
        {
            using var index = _connection.CreateCommand();
            index.Transaction = transaction;
            index.CommandText = "INSERT OR IGNORE INTO samples(identity, item_key, sample_index) VALUES ($identity, $key, $index)";
            index.Parameters.AddWithValue("$identity", sample.Identity);
            index.Parameters.AddWithValue("$key", result.Key);
            index.Parameters.AddWithValue("$index", sample.SampleIndex);
            index.ExecuteNonQuery();
        }
        return true;
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
                      ?? throw new InvalidDataException("empty item record in " + FileName));
        return items;
    }

    public void Dispose()
    {
        _connection.Dispose();
        _ownedLock?.Dispose();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
