using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models;

/// <summary>
/// Reads a Hugging Face <c>config.json</c> strictly: a needed key that is absent is an error, keys an
/// architecture knowingly ignores are listed by it, and any other key is an error naming the file.
/// No model-size defaults exist anywhere.
/// </summary>
public sealed class HfConfigReader
{
    private readonly JsonElement _root;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public HfConfigReader(string file) : this(file, ReadFile(file))
    {
    }

    /// <summary>A config.json's text that is not (yet) a file, e.g. one the harness is about to write; <paramref name="file"/> names it in errors.</summary>
    public HfConfigReader(string file, string text)
    {
        File = file;
        try
        {
            using var doc = JsonDocument.Parse(text);
            _root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InputException($"{file}: not valid JSON ({ex.Message})", ex);
        }
        if (_root.ValueKind != JsonValueKind.Object) throw new InputException($"{file}: expected a JSON object");
    }

    public string File { get; }

    private static string ReadFile(string file) =>
        System.IO.File.Exists(file) ? StrictUtf8.ReadAllText(file) : throw new FileNotFoundException($"checkpoint config not found: {file}", file);

    public bool Has(string key) => _root.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null;

    public int Int(string key) => Get(key, JsonValueKind.Number, "an integer").TryGetInt32(out var value) ? value
        : throw new InputException($"{File}: key '{key}': expected a whole number that fits in 32 bits, got {_root.GetProperty(key).GetRawText()}");

    public int? OptionalInt(string key) => Has(key) ? Int(key) : Mark(key, default(int?));

    /// <summary>A size or count: a whole number ≥ 1 (zero heads or negative layers are refused here, before anything is built).</summary>
    public int Size(string key)
    {
        var value = Int(key);
        return value >= 1 ? value : throw new InputException($"{File}: key '{key}': expected a whole number ≥ 1, got {value}");
    }

    public int? OptionalSize(string key) => Has(key) ? Size(key) : Mark(key, default(int?));

    public double Double(string key) => Get(key, JsonValueKind.Number, "a number").GetDouble();

    public double? OptionalDouble(string key) => Has(key) ? Double(key) : Mark(key, default(double?));

    public string String(string key) => Get(key, JsonValueKind.String, "a string").GetString()!;

    public bool? OptionalBool(string key)
    {
        _used.Add(key);
        if (!Has(key)) return null;
        var v = _root.GetProperty(key);
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InputException($"{File}: key '{key}': expected true or false, got {v.ValueKind}"),
        };
    }

    public JsonElement? OptionalObject(string key) => Has(key) ? Get(key, JsonValueKind.Object, "an object") : Mark(key, default(JsonElement?));

    /// <summary>An id or a list of ids (eos_token_id may be either).</summary>
    public IReadOnlyList<int> OptionalIds(string key)
    {
        _used.Add(key);
        if (!Has(key)) return [];
        var v = _root.GetProperty(key);
        return v.ValueKind switch
        {
            JsonValueKind.Number when v.TryGetInt32(out var id) => [id],
            JsonValueKind.Array when v.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out _)) => v.EnumerateArray().Select(e => e.GetInt32()).ToList(),
            _ => throw new InputException($"{File}: key '{key}': expected an integer or a list of integers"),
        };
    }

    /// <summary>Keys this architecture reads elsewhere or knowingly does not use.</summary>
    public void Ignore(params string[] keys)
    {
        foreach (var key in keys) _used.Add(key);
    }

    public void RejectUnknownKeys()
    {
        var unknown = _root.EnumerateObject().Select(p => p.Name).Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new InputException($"{File}: unknown key(s) {string.Join(", ", unknown)} for this architecture (the harness would silently ignore what they change)");
    }

    private JsonElement Get(string key, JsonValueKind kind, string expected)
    {
        _used.Add(key);
        if (!_root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            throw new InputException($"{File}: required key '{key}' is missing (expected {expected})");
        if (value.ValueKind != kind)
            throw new InputException($"{File}: key '{key}': expected {expected}, got {value.ValueKind}");
        return value;
    }

    private T Mark<T>(string key, T value)
    {
        _used.Add(key);
        return value;
    }
}
