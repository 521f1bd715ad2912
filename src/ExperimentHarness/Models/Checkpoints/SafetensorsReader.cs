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
        try
        {
            Span<byte> lengthBytes = stackalloc byte[8];
            if (_stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false) != 8) throw new InputException($"{path}: not a safetensors file (shorter than 8 bytes)");
            var headerLength = BitConverter.ToInt64(lengthBytes);
            if (headerLength <= 0 || headerLength > 100_000_000)
                throw new InputException($"{path}: not a safetensors file (header length {headerLength})");
            if (8 + headerLength > _stream.Length)
                throw new InputException($"{path}: truncated file (the header needs {headerLength} bytes, the file holds {_stream.Length - 8} after the length)");
            var header = new byte[headerLength];
            _stream.ReadExactly(header);
            _dataStart = 8 + headerLength;
            var parsed = SafetensorsHeader.Parse(header, path, _stream.Length - _dataStart);
            Entries = parsed.Entries;
            Metadata = parsed.Metadata;
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    /// <summary>The header's <c>__metadata__</c> string map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

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
}
