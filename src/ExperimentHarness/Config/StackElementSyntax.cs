using System.Text.RegularExpressions;

namespace ExperimentHarness.Config;

/// <summary>
/// Parses the compact stack syntax <c>name</c> or <c>name(key=value, key=value)</c>, e.g.
/// <c>fewshot(k=8)</c>, <c>majority(n=16, temperature=0.7)</c>. Values are kept as strings; each
/// enhancement validates its own parameters.
/// </summary>
public static partial class StackElementSyntax
{
    [GeneratedRegex(@"^\s*(?<name>[a-z][a-z0-9_]*)\s*(\((?<args>.*)\))?\s*$")]
    private static partial Regex ElementPattern();

    [GeneratedRegex(@"^\s*(?<key>[a-z][a-z0-9_]*)\s*=\s*(?<value>[^=]*?)\s*$")]
    private static partial Regex ArgumentPattern();

    /// <summary>Returns the element, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static StackElementSpec? TryParse(string text, out string? error)
    {
        error = null;
        var match = ElementPattern().Match(text);
        if (!match.Success)
        {
            error = text.Count(c => c == '(') != text.Count(c => c == ')')
                ? "an element like 'fewshot(k=8, seed=1)' (in a [...] list, quote elements with several parameters: YAML splits them at commas)"
                : "an element like 'cot' or 'fewshot(k=8)'";
            return null;
        }
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var args = match.Groups["args"];
        if (args.Success && args.Value.Trim().Length > 0)
        {
            foreach (var part in args.Value.Split(','))
            {
                var arg = ArgumentPattern().Match(part);
                if (!arg.Success || arg.Groups["value"].Value.Length == 0)
                {
                    error = $"parameters written key=value, separated by commas (bad part '{part.Trim()}')";
                    return null;
                }
                if (!parameters.TryAdd(arg.Groups["key"].Value, arg.Groups["value"].Value.Trim('"', '\'')))
                {
                    error = $"each parameter once (repeated '{arg.Groups["key"].Value}')";
                    return null;
                }
            }
        }
        return new StackElementSpec(match.Groups["name"].Value, parameters);
    }
}
