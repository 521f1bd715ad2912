using System.Globalization;
using System.Net;

namespace ExperimentHarness.Report;

/// <summary>
/// Text as it goes into the report page. Every string that comes from results (prompts, completions, answers, model and stack
/// names, notes) passes through <see cref="E"/>: results are untrusted, and a completion may well contain markup.
/// </summary>
public static class HtmlText
{
    /// <summary>HTML-escapes text for element content and quoted attribute values (&amp;, &lt;, &gt;, quotes).</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A fragment id made only of letters, digits and '-', so a name from results can never break out of an attribute.</summary>
    public static string Id(string prefix, string name) =>
        prefix + "-" + string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));

    public static string Num(double? value) => value is not { } v || !double.IsFinite(v) ? "—"
        : v.ToString(Math.Abs(v) >= 100 ? "F0" : "G3", CultureInfo.InvariantCulture);

    public static string Percent(double value) => (100 * value).ToString("F1", CultureInfo.InvariantCulture) + "%";

    public static string Sci(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.00E+0", CultureInfo.InvariantCulture) : "—";

    public static string Interval(double[]? ci, Func<double, string> format) => ci is null ? "" : $" [{format(ci[0])}, {format(ci[1])}]";
}
