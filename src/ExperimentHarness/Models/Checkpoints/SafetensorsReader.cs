using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Checkpoints;

/// <summary>
/// Reads a safetensors file: an 8-byte little-endian header length, a JSON header mapping names to
/// dtype/shape/offsets, then the raw data. Tensors are read one at a time straight from the file, so
/// loading never holds the whole file in memory.
/// </summary>
public sealed class SafetensorsReader : IDisposable
{
    private readonly FileStream _stream;
    private readonly long _dataStart;

    public SafetensorsReader(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> lengthBytes = stackalloc byte[8];
        if (_stream.Read(lengthBytes) != 8) throw new InputException($"{path}: not a safetensors file (shorter than 8 bytes)");
        var headerLength = BitConverter.ToInt64(lengthBytes);
        if (headerLength <= 0 || headerLength > 100_000_000 || 8 + headerLength > _stream.Length)
            throw new InputException($"{path}: not a safetensors file (header length {headerLength})");
        var header = new byte[headerLength];
        _stream.ReadExactly(header);
        _dataStart = 8 + headerLength;
        Entries = ParseHeader(header, path, _stream.Length - _dataStart);
        Metadata = ParseMetadata(header);
    }

    /// <summary>The header's <c>__metadata__</c> string map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    private static Dictionary<string, string> ParseMetadata(byte[] header)
    {
        using var doc = JsonDocument.Parse(header);
        return doc.RootElement.TryGetProperty("__metadata__", out var meta) && meta.ValueKind == JsonValueKind.Object
            ? meta.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : [];
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, SafetensorsEntry> Entries { get; }

    /// <summary>Reads one tensor onto the CPU in its stored dtype. The caller owns the result.</summary>
    public Tensor Read(string name)
    {
        if (!Entries.TryGetValue(name, out var entry)) throw new KeyNotFoundException($"{Path}: no tensor '{name}'");
        var result = torch.empty(entry.Shape, SafetensorsDTypes.ToTorch(entry.DType, Path));
        _stream.Seek(_dataStart + entry.Begin, SeekOrigin.Begin);
        _stream.ReadExactly(result.bytes);     // straight into the tensor's storage, no intermediate copy
        return result;
    }

    public void Dispose() => _stream.Dispose();

    private static Dictionary<string, SafetensorsEntry> ParseHeader(byte[] header, string path, long dataLength)
    {
        var entries = new Dictionary<string, SafetensorsEntry>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(header);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__") continue;
                var value = property.Value;
                var dtype = value.GetProperty("dtype").GetString()!;
                var shape = value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var offsets = value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var entry = new SafetensorsEntry(property.Name, dtype, shape, offsets[0], offsets[1]);
                if (offsets.Length != 2 || entry.Begin < 0 || entry.End > dataLength || entry.End - entry.Begin != entry.ElementCount * SafetensorsDTypes.ByteSize(dtype))
                    throw new InputException($"{path}: tensor '{property.Name}' has inconsistent offsets/shape");
                entries[property.Name] = entry;
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InputException($"{path}: malformed safetensors header ({ex.Message})", ex);
        }
        return entries;
    }
}
