using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Checkpoints;

/// <summary>
/// Parses and checks a safetensors JSON header against the size of the data section that follows it. Each
/// kind of fault has its own message naming the file and the tensor: a malformed entry, an unsupported dtype,
/// <c>data_offsets</c> that are not [begin, end], a byte range that does not match the shape, data past the end
/// of the file (truncated), and two tensors whose byte ranges overlap.
/// </summary>
public sealed record SafetensorsHeader(IReadOnlyDictionary<string, SafetensorsEntry> Entries, IReadOnlyDictionary<string, string> Metadata)
{
    public static SafetensorsHeader Parse(byte[] header, string path, long dataLength)
    {
        if (!System.Text.Unicode.Utf8.IsValid(header)) throw new InputException($"{path}: malformed safetensors header (not valid UTF-8)");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(header); }
        catch (JsonException ex) { throw new InputException($"{path}: malformed safetensors header (not valid JSON: {ex.Message})", ex); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new InputException($"{path}: malformed safetensors header (expected a JSON object, got {doc.RootElement.ValueKind})");
            var entries = new Dictionary<string, SafetensorsEntry>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    if (property.Value.ValueKind == JsonValueKind.Object)
                        foreach (var m in property.Value.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.String))
                            metadata[m.Name] = m.Value.GetString()!;
                    continue;
                }
                if (!entries.TryAdd(property.Name, Entry(property, path, dataLength)))
                    throw new InputException($"{path}: tensor '{property.Name}' is listed twice in the header");
            }
            RejectOverlaps(entries.Values, path);
            return new SafetensorsHeader(entries, metadata);
        }
    }

    private static SafetensorsEntry Entry(JsonProperty property, string path, long dataLength)
    {
        var where = $"{path}: tensor '{property.Name}'";
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object) throw new InputException($"{where}: expected an object with dtype, shape and data_offsets, got {value.ValueKind}");
        var dtype = value.TryGetProperty("dtype", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()!
            : throw new InputException($"{where}: 'dtype' is missing or not a string");
        if (!SafetensorsDTypes.IsSupported(dtype)) throw new InputException($"{where}: dtype '{dtype}' is not supported (expected {SafetensorsDTypes.Supported})");
        var shape = Integers(value, "shape", where);
        if (shape.Any(s => s < 0)) throw new InputException($"{where}: 'shape' has a negative dimension");
        var offsets = Integers(value, "data_offsets", where);
        if (offsets.Length != 2) throw new InputException($"{where}: 'data_offsets' must be [begin, end], got {offsets.Length} value(s)");
        var (begin, end) = (offsets[0], offsets[1]);
        if (begin < 0 || end < begin) throw new InputException($"{where}: 'data_offsets' [{begin}, {end}] is not a byte range");
        var needed = BytesFor(shape, dtype);
        if (needed is null || end - begin != needed)
            throw new InputException($"{where}: 'data_offsets' span {end - begin} bytes but shape [{string.Join(", ", shape)}] of {dtype} needs {(needed is null ? "more than 2^63" : needed.ToString())}");
        if (end > dataLength)
            throw new InputException($"{where}: data ends at byte {end} of the data section, but the file holds only {dataLength} data bytes (truncated file?)");
        return new SafetensorsEntry(property.Name, dtype, shape, begin, end);
    }

    private static long[] Integers(JsonElement value, string key, string where)
    {
        if (!value.TryGetProperty(key, out var list) || list.ValueKind != JsonValueKind.Array)
            throw new InputException($"{where}: '{key}' is missing or not a list");
        return list.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var n) ? n
            : throw new InputException($"{where}: '{key}' holds {e.GetRawText()}, expected whole numbers")).ToArray();
    }

    private static long? BytesFor(long[] shape, string dtype)
    {
        try { return checked(shape.Aggregate(1L, (a, b) => a * b) * SafetensorsDTypes.ByteSize(dtype)); }
        catch (OverflowException) { return null; }
    }

    private static void RejectOverlaps(IEnumerable<SafetensorsEntry> entries, string path)
    {
        SafetensorsEntry? previous = null;
        foreach (var entry in entries.Where(e => e.End > e.Begin).OrderBy(e => e.Begin).ThenBy(e => e.Name, StringComparer.Ordinal))
        {
            if (previous is not null && entry.Begin < previous.End)
                throw new InputException($"{path}: tensors '{previous.Name}' (bytes {previous.Begin}..{previous.End}) and '{entry.Name}' (bytes {entry.Begin}..{entry.End}) overlap");
            if (previous is null || entry.End > previous.End) previous = entry;
        }
    }
}
