using System.Globalization;
using System.Text.RegularExpressions;

namespace ExperimentHarness.Scoring;

/// <summary>
/// Canonical text for a numeric answer: currency signs, thousands separators, a trailing full stop and
/// percent/unit words are dropped, and the value is printed as an invariant decimal without trailing
/// zeros ("$1,234.50" → "1234.5", "18.0" → "18", "-3" → "-3"). RESEARCH.md §2 item 6 lists the
/// extraction bugs this avoids.
/// </summary>
public static partial class NumberNormalizer
{
    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex PlainNumber();

    public static string? Normalize(string text)
    {
        var t = text.Trim().TrimEnd('.', '%').Replace("$", "").Replace(",", "").Replace(" ", "");
        if (t.StartsWith('+')) t = t[1..];
        if (t.StartsWith('.')) t = "0" + t;
        if (t.StartsWith("-.")) t = "-0" + t[1..];
        if (!PlainNumber().IsMatch(t)) return null;
        if (!decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return null;
        var canonical = value.ToString("0.############################", CultureInfo.InvariantCulture);
        return canonical == "-0" ? "0" : canonical;
    }

    /// <summary>
    /// Equal as numbers, with a relative tolerance of 1e-6 so that a gold stored as a full-precision
    /// float (0.6666666666666666) matches the same value printed to more or fewer digits only when they agree to 6 significant places.
    /// </summary>
    public static bool NumericallyEqual(string a, string b)
    {
        if (a == b) return true;
        if (!decimal.TryParse(a, NumberStyles.Number, CultureInfo.InvariantCulture, out var x)
            || !decimal.TryParse(b, NumberStyles.Number, CultureInfo.InvariantCulture, out var y))
            return false;
        return Math.Abs(x - y) <= 1e-6m * Math.Max(1m, Math.Abs(y));
    }
}
