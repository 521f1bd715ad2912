using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models;

/// <summary>
/// Reads a Hugging Face <c>config.json</c> strictly: a needed key that is absent is an error, keys an
/// architecture knowingly ignores are listed by it, and any other key is an error naming the file.
/// No model-size defaults exist anywhere. Problems are collected (a bad value reads as a placeholder, 1 or "")
/// and <see cref="RejectUnknownKeys"/>, the architecture's last call, throws them all together.
/// </summary>
public sealed class HfConfigReader
{
    private readonly JsonElement _root;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly HashSet<string> _badKeys = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];

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

    public int Int(string key) => Get(key, JsonValueKind.Number, "an integer") is not { } v ? 1
        : v.TryGetInt32(out var value) ? value
        : Problem(key, $"key '{key}': expected a whole number that fits in 32 bits, got {v.GetRawText()}", 1);

    public int? OptionalInt(string key) => Has(key) ? Int(key) : Mark(key, default(int?));

    /// <summary>A size or count: a whole number ≥ 1 (zero heads or negative layers are refused here, before anything is built).</summary>
    public int Size(string key)
    {
        var value = Int(key);
        return value >= 1 ? value : Problem(key, $"key '{key}': expected a whole number ≥ 1, got {value}", 1);
    }

    public int? OptionalSize(string key) => Has(key) ? Size(key) : Mark(key, default(int?));

    public double Double(string key) => Get(key, JsonValueKind.Number, "a number")?.GetDouble() ?? 1.0;

    public double? OptionalDouble(string key) => Has(key) ? Double(key) : Mark(key, default(double?));

    public string String(string key) => Get(key, JsonValueKind.String, "a string")?.GetString() ?? "";

    public bool? OptionalBool(string key)
    {
        _used.Add(key);
        if (!Has(key)) return null;
        var v = _root.GetProperty(key);
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => Problem(key, $"key '{key}': expected true or false, got {v.ValueKind}", default(bool?)),
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
            _ => Problem(key, $"key '{key}': expected an integer or a list of integers", (IReadOnlyList<int>)[]),
        };
    }

    /// <summary>Keys this architecture reads elsewhere or knowingly does not use.</summary>
    public void Ignore(params string[] keys)
    {
        foreach (var key in keys) _used.Add(key);
    }

    /// <summary>
    /// Records a problem with <paramref name="key"/> (message without the file name) and returns the placeholder to
    /// read on with; a key that already has a problem gets no second one (a missing hidden_act is not also "unsupported").
    /// </summary>
    public T Problem<T>(string key, string message, T placeholder)
    {
        if (_badKeys.Add(key)) _problems.Add(message);
        return placeholder;
    }

    public void Problem(string key, string message) => Problem(key, message, 0);

    /// <summary>Whether any of <paramref name="keys"/> already has a problem (its value is a placeholder, so checks derived from it are moot).</summary>
    public bool Failed(params string[] keys) => keys.Any(_badKeys.Contains);

    /// <summary>Throws every problem found so far, with any key nothing read or listed as ignored; the architecture's last call.</summary>
    public void RejectUnknownKeys()
    {
        var unknown = _root.EnumerateObject().Select(p => p.Name).Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
            _problems.Add($"unknown key(s) {string.Join(", ", unknown)} for this architecture (the harness would silently ignore what they change)");
        if (_problems.Count > 0) throw InputProblems.Of(File, _problems.ToList());
    }

    private JsonElement? Get(string key, JsonValueKind kind, string expected)
    {
        _used.Add(key);
        if (!_root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            return Problem(key, $"required key '{key}' is missing (expected {expected})", default(JsonElement?));
        if (value.ValueKind != kind)
            return Problem(key, $"key '{key}': expected {expected}, got {value.ValueKind}", default(JsonElement?));
        return value;
    }

    private T Mark<T>(string key, T value)
    {
        _used.Add(key);
        return value;
    }
}
