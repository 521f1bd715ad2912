using System.Text;
using System.Text.RegularExpressions;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Hub;

/// <summary>
/// File names that decide where bytes are written (shard names in a downloaded index, paths in models.lock.json,
/// family and member folders) are accepted only as plain relative names that stay inside their folder:
/// '/'-separated segments, none empty, '.' or '..', no backslash, no drive letter, no control character,
/// not absolute. A refused name is an <see cref="InputException"/> raised before any byte is written.
/// </summary>
public static partial class HubFileName
{
    /// <summary>Returns <paramref name="name"/> if it is a plain relative name; <paramref name="source"/> names the file and key it came from.</summary>
    public static string Check(string? name, string source)
    {
        if (Problem(name) is { } problem)
            throw new InputException($"{source}: file name '{Printable(name)}' is refused ({problem}); only plain relative names inside the member's folder are accepted");
        return name!;
    }

    /// <summary>A name that must be one folder or file name, without '/' (a family, member or revision).</summary>
    public static string CheckSegment(string? name, string source)
    {
        if (Check(name, source).Contains('/'))
            throw new InputException($"{source}: '{Printable(name)}' is refused (contains '/'); it must be a single name");
        return name!;
    }

    /// <summary>The full path of <paramref name="name"/> inside <paramref name="folder"/>, after <see cref="Check"/>.</summary>
    public static string Resolve(string folder, string name, string source)
    {
        var root = Path.GetFullPath(folder);
        var full = Path.GetFullPath(Path.Combine(root, Check(name, source)));
        if (!full.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InputException($"{source}: file name '{Printable(name)}' resolves outside {root}");
        return full;
    }

    private static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "empty";
        if (name.Any(char.IsControl)) return "control character";
        if (name.Contains('\\')) return "backslash";
        if (name.StartsWith('/') || Path.IsPathRooted(name)) return "absolute path";
        if (DriveLetter().IsMatch(name)) return "drive letter";
        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0) return "empty segment";
            if (segment is "." or "..") return $"'{segment}' segment";
        }
        return null;
    }

    /// <summary>The name with control characters escaped, so the error stays one line.</summary>
    private static string Printable(string? name)
    {
        var text = new StringBuilder();
        foreach (var c in name ?? "") text.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        return text.ToString();
    }

    [GeneratedRegex("^[A-Za-z]:")]
    private static partial Regex DriveLetter();
}
