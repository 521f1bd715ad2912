using System.Globalization;
using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Benchmarks;

/// <summary>
/// Records from a JSON Lines file, a JSON array, or a JSON object holding the array under a key
/// (e.g. BIG-bench's <c>examples</c>), each with its 1-based line (JSON Lines) or record number for messages.
/// </summary>
public static class JsonRecords
{
    public sealed record Record(JsonElement Value, int Number, string Where);

    public static IReadOnlyList<Record> Read(string file, string? listKey = null)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"benchmark file not found: {file}", file);
        var text = StrictUtf8.ReadAllText(file);
        var trimmed = text.TrimStart();
        if (listKey is null && !trimmed.StartsWith('[') && !IsSingleDocument(trimmed)) return ReadLines(file, text);
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (listKey is not null)
            {
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(listKey, out var list))
                    throw new InputException($"{file}: expected a JSON object with a list under '{listKey}'");
                root = list;
            }
            if (root.ValueKind != JsonValueKind.Array) throw new InputException($"{file}: expected a JSON array of records");
            return root.EnumerateArray().Select((e, i) => new Record(e.Clone(), i + 1, $"{file}: record {i + 1}")).ToList();
        }
        catch (JsonException ex)
        {
            throw new InputException($"{file}: not valid JSON (line {ex.LineNumber + 1}: {ex.Message})", ex);
        }
    }

    public static string String(Record r, string field) =>
        r.Value.ValueKind == JsonValueKind.Object && r.Value.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new InputException($"{r.Where}: missing string field '{field}'");

    /// <summary>A string or number field as invariant text (numbers keep their JSON spelling).</summary>
    public static string Scalar(JsonElement value, string where, string field) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw new InputException($"{where}: field '{field}' is not a string or number"),
    };

    public static JsonElement Field(Record r, string field) =>
        r.Value.ValueKind == JsonValueKind.Object && r.Value.TryGetProperty(field, out var v)
            ? v
            : throw new InputException($"{r.Where}: missing field '{field}'");

    /// <summary>The first element of a list field (MAWPS' <c>lSolutions</c>), as text.</summary>
    public static string FirstOf(Record r, string field)
    {
        var list = Field(r, field);
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            throw new InputException($"{r.Where}: field '{field}' is not a non-empty list");
        return Scalar(list[0], r.Where, field);
    }

    public static string Id(Record r, string field) => Scalar(Field(r, field), r.Where, field).ToString(CultureInfo.InvariantCulture);

    private static bool IsSingleDocument(string text)
    {
        try { using var _ = JsonDocument.Parse(text); return true; }
        catch (JsonException) { return false; }
    }

    private static IReadOnlyList<Record> ReadLines(string file, string text)
    {
        var records = new List<Record>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            try
            {
                using var doc = JsonDocument.Parse(lines[i]);
                records.Add(new Record(doc.RootElement.Clone(), i + 1, $"{file}:{i + 1}"));
            }
            catch (JsonException ex)
            {
                throw new InputException($"{file}:{i + 1}: not a JSON object ({ex.Message})", ex);
            }
        }
        return records;
    }
}
