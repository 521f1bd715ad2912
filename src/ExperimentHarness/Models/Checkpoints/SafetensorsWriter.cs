using System.Text.Json;
using static TorchSharp.torch;

namespace ExperimentHarness.Models.Checkpoints;

/// <summary>Writes tensors to a safetensors file (sorted by name, contiguous data, header padded to 8 bytes), via a temporary file and rename.</summary>
public static class SafetensorsWriter
{
    public static void Write(string path, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        if (metadata is not null) header["__metadata__"] = metadata;
        long offset = 0;
        foreach (var (name, tensor) in ordered)
        {
            var dtype = SafetensorsDTypes.FromTorch(tensor.dtype);
            var length = tensor.numel() * SafetensorsDTypes.ByteSize(dtype);
            header[name] = new { dtype, shape = tensor.shape, data_offsets = new[] { offset, offset + length } };
            offset += length;
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        var padded = (json.Length + 7) / 8 * 8;
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            stream.Write(BitConverter.GetBytes((long)padded));
            stream.Write(json);
            for (var i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
            foreach (var (_, tensor) in ordered)
            {
                using var contiguous = tensor.detach().cpu().contiguous();
                stream.Write(contiguous.bytes);
            }
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
