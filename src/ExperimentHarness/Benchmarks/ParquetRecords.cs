using System.Text.Json;
using Parquet;
using Parquet.Serialization;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Benchmarks;

/// <summary>Rows of a Parquet file (as Hugging Face datasets export them) as JSON records, one per row.</summary>
public static class ParquetRecords
{
    public static IReadOnlyList<JsonRecords.Record> Read(string file)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"benchmark file not found: {file}", file);
        try
        {
            using var stream = File.OpenRead(file);
            var rows = ParquetSerializer.DeserializeUntypedAsync(stream).GetAwaiter().GetResult().Data;
            return rows.Select((row, i) => new JsonRecords.Record(JsonSerializer.SerializeToElement(row), i + 1, $"{file}: row {i + 1}")).ToList();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ParquetException or NotSupportedException)
        {
            throw new InputException($"{file}: cannot read as Parquet ({ex.Message})", ex);
        }
    }
}
