using System.Globalization;
using ExperimentHarness.Config;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// Typed reading of one stack element's parameters. A malformed value reads as its default and is remembered;
/// <see cref="RejectUnknown"/>, called once every parameter is read, throws all of them together with any unknown ones.
/// </summary>
internal sealed class ElementParameters(StackElementSpec spec, int position)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];

    public int Int(string key, int fallback, int min, int max)
    {
        _read.Add(key);
        if (!spec.Parameters.TryGetValue(key, out var text)) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) return v;
        _problems.Add($"parameter '{key}' must be an integer in [{min}, {max}], got '{text}'");
        return fallback;
    }

    public double Double(string key, double fallback, double min, double max)
    {
        _read.Add(key);
        if (!spec.Parameters.TryGetValue(key, out var text)) return fallback;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) return v;
        _problems.Add($"parameter '{key}' must be a number in [{min}, {max}], got '{text}'");
        return fallback;
    }

    public string? String(string key)
    {
        _read.Add(key);
        return spec.Parameters.TryGetValue(key, out var text) ? text : null;
    }

    public void RejectUnknown()
    {
        var unknown = spec.Parameters.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0) _problems.Add($"unknown parameter(s) {string.Join(", ", unknown)}; known: {string.Join(", ", _read)}");
        if (_problems.Count > 0) throw InputProblems.Of(Where, _problems);
    }

    public InputException Error(string message) => new($"{Where}: {message}");

    private string Where => $"stack[{position}] '{spec}'";
}
