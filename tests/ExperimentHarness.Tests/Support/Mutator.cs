using System.Text;
using System.Text.Json.Nodes;

namespace ExperimentHarness.Tests.Support;

/// <summary>Seeded random mutations of valid inputs (bytes, text, JSON trees), for fuzz tests that must be reproducible.</summary>
public sealed class Mutator(int seed)
{
    private const string Interesting = "{}[]:,\"'\n\t #&*!|>%@`-.e0123456789\\\u00e9\u0000";
    private readonly Random _random = new(seed);

    public int Next(int max) => _random.Next(max);

    public byte[] RandomBytes(int maxLength)
    {
        var bytes = new byte[_random.Next(maxLength + 1)];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>One to four edits: flip, overwrite, insert, delete, duplicate a span, or truncate.</summary>
    public byte[] Mutate(byte[] input)
    {
        var bytes = new List<byte>(input);
        for (var edits = 1 + _random.Next(4); edits > 0; edits--)
        {
            var at = bytes.Count == 0 ? 0 : _random.Next(bytes.Count);
            switch (_random.Next(6))
            {
                case 0 when bytes.Count > 0: bytes[at] ^= (byte)(1 << _random.Next(8)); break;
                case 1 when bytes.Count > 0: bytes[at] = (byte)_random.Next(256); break;
                case 2: bytes.InsertRange(at, Encoding.UTF8.GetBytes(Interesting[_random.Next(Interesting.Length)].ToString())); break;
                case 3 when bytes.Count > 0: bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + _random.Next(16))); break;
                case 4 when bytes.Count > 0: bytes.InsertRange(at, bytes.GetRange(at, Math.Min(bytes.Count - at, 1 + _random.Next(32)))); break;
                default: if (bytes.Count > 0) bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }
        return [.. bytes];
    }

    public string Mutate(string text) => Encoding.UTF8.GetString(Mutate(Encoding.UTF8.GetBytes(text)));

    /// <summary>Replaces one node of a JSON tree (a copy) with a value of another kind or an out-of-range number.</summary>
    public string MutateJson(JsonNode root)
    {
        var copy = root.DeepClone();
        var nodes = new List<JsonNode>();
        Collect(copy, nodes);
        var target = nodes[_random.Next(nodes.Count)];
        JsonNode? replacement = _random.Next(10) switch
        {
            0 => null,
            1 => -1,
            2 => 1e300,
            3 => 2147483648L,
            4 => "",
            5 => new JsonArray(),
            6 => new JsonObject(),
            7 => true,
            8 => "\u0120\u0120 x",
            _ => new JsonArray(1, "a", null),
        };
        switch (target.Parent)
        {
            case JsonObject obj:
                var key = obj.First(p => ReferenceEquals(p.Value, target)).Key;
                if (_random.Next(4) == 0) obj.Remove(key); else obj[key] = replacement;
                break;
            case JsonArray array:
                var index = array.IndexOf(target);
                if (_random.Next(4) == 0) array.RemoveAt(index); else array[index] = replacement;
                break;
            default:
                return replacement?.ToJsonString() ?? "null";
        }
        return copy.ToJsonString();
    }

    private static void Collect(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null) return;
        nodes.Add(node);
        switch (node)
        {
            case JsonObject obj: foreach (var (_, child) in obj) Collect(child, nodes); break;
            case JsonArray array: foreach (var child in array) Collect(child, nodes); break;
        }
    }
}
