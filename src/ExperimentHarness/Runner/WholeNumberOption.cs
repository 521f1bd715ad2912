using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace ExperimentHarness.Runner;

/// <summary>
/// Whole-number options whose bad values are usage errors naming the option, the range and the text given
/// (System.CommandLine's own message names a .NET type, e.g. 'System.Int32').
/// </summary>
public static class WholeNumberOption
{
    public static Option<int> Create(string name, string description, int defaultValue, int min = int.MinValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue, CustomParser = r => Parse(r, name, min) ?? defaultValue };

    public static Option<int?> Optional(string name, string description, int min = int.MinValue) =>
        new(name) { Description = description, CustomParser = r => Parse(r, name, min) };

    private static int? Parse(ArgumentResult result, string name, int min)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(" ", result.Tokens.Select(t => t.Value));
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min) return value;
        result.AddError(min == int.MinValue
            ? $"{name}: expected a whole number, got '{text}'"
            : $"{name}: expected a whole number ≥ {min}, got '{text}'");
        return null;
    }
}
