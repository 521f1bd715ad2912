using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ExperimentHarness.Config;

/// <summary>
/// Typed, recorded access to one YAML mapping. Every read marks the key as known; anything wrong
/// (wrong type, out of range, missing, unknown key) is added to the shared problem list instead of
/// throwing, so a config reports all its problems at once.
/// </summary>
internal sealed class YamlSection(string file, string path, YamlMappingNode node, List<ConfigProblem> problems)
{
    public string File => file;

    public List<ConfigProblem> Problems => problems;

    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public int Line => (int)node.Start.Line;

    public bool Has(string key) { _known.Add(key); return Find(key) is not null; }

    public string? String(string key, bool required = false)
    {
        var value = Scalar(key, "a string", required);
        return value?.Value;
    }

    public int? Int(string key, int min, int max, bool required = false)
    {
        var value = Scalar(key, $"an integer in [{min}, {max}]", required);
        if (value is null) return null;
        if (int.TryParse(value.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= min && i <= max)
            return i;
        Problem(key, $"an integer in [{min}, {max}]", value.Value, value);
        return null;
    }

    public double? Double(string key, double min, double max, bool required = false)
    {
        var value = Scalar(key, $"a number in [{min}, {max}]", required);
        if (value is null) return null;
        if (double.TryParse(value.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= min && d <= max)
            return d;
        Problem(key, $"a number in [{min}, {max}]", value.Value, value);
        return null;
    }

    /// <summary>A finite number strictly above zero (FLOP counts, where 0 would divide later).</summary>
    public double? Positive(string key, bool required = false)
    {
        var value = Scalar(key, "a number > 0", required);
        if (value is null) return null;
        if (double.TryParse(value.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0 && double.IsFinite(d))
            return d;
        Problem(key, "a number > 0", value.Value, value);
        return null;
    }

    public string? OneOf(string key, IReadOnlyList<string> allowed, bool required = false)
    {
        var value = String(key, required);
        if (value is null || allowed.Contains(value)) return value;
        Problem(key, "one of " + string.Join(", ", allowed), value, Find(key));
        return null;
    }

    public YamlSection? Section(string key, bool required = false)
    {
        _known.Add(key);
        var child = Find(key);
        if (child is null)
        {
            if (required) Problem(key, "a mapping", "nothing", null);
            return null;
        }
        if (child is YamlMappingNode map) return new YamlSection(file, Qualify(key), map, problems);
        Problem(key, "a mapping", Describe(child), child);
        return null;
    }

    public YamlSequenceNode? Sequence(string key)
    {
        _known.Add(key);
        var child = Find(key);
        if (child is null) return null;
        if (child is YamlSequenceNode seq) return seq;
        Problem(key, "a list", Describe(child), child);
        return null;
    }

    /// <summary>True when the key holds a list (lets a key take one value or a list of them).</summary>
    public bool IsSequence(string key) => Find(key) is YamlSequenceNode;

    public IReadOnlyList<string>? StringList(string key)
    {
        var seq = Sequence(key);
        if (seq is null) return null;
        var items = new List<string>();
        foreach (var child in seq.Children)
        {
            if (child is YamlScalarNode s && s.Value is not null) items.Add(s.Value);
            else Problem(key, "a list of strings", Describe(child), child);
        }
        return items;
    }

    /// <summary>A mapping of scalar values (suite options and the like).</summary>
    public IReadOnlyDictionary<string, string> ScalarMap(string key)
    {
        _known.Add(key);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var child = Find(key);
        if (child is null) return result;
        if (child is not YamlMappingNode map)
        {
            Problem(key, "a mapping of scalar values", Describe(child), child);
            return result;
        }
        foreach (var (k, v) in map.Children)
        {
            var name = ((YamlScalarNode)k).Value ?? "";
            if (v is YamlScalarNode s && s.Value is not null) result[name] = s.Value;
            else Problem($"{key}.{name}", "a scalar value", Describe(v), v);
        }
        return result;
    }

    /// <summary>Reports every key in this mapping that no reader asked for.</summary>
    public void RejectUnknownKeys(IReadOnlyList<string> allowed)
    {
        foreach (var key in node.Children.Keys.OfType<YamlScalarNode>())
            if (key.Value is { } k && !_known.Contains(k))
                Problem(k, "one of the keys " + string.Join(", ", allowed), "an unknown key", key);
    }

    public void Problem(string key, string expected, string? got, YamlNode? at) =>
        problems.Add(new ConfigProblem(file, Qualify(key), expected, got, at is null ? Line : (int)at.Start.Line));

    public string Qualify(string key) => path.Length == 0 ? key : $"{path}.{key}";

    private YamlScalarNode? Scalar(string key, string expected, bool required)
    {
        _known.Add(key);
        var child = Find(key);
        if (child is null)
        {
            if (required) Problem(key, expected, "nothing (the key is required)", null);
            return null;
        }
        if (child is YamlScalarNode { Value: not null } s && !(s.Value.Length == 0 && s.Style == YamlDotNet.Core.ScalarStyle.Plain))
            return s;
        Problem(key, expected, Describe(child), child);
        return null;
    }

    private YamlNode? Find(string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    internal static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode { Value: null or "" } => "an empty value",
        YamlScalarNode s => $"'{s.Value}'",
        _ => node.NodeType.ToString(),
    };
}
