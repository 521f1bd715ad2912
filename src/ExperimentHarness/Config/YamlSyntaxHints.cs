namespace ExperimentHarness.Config;

/// <summary>
/// Finds the line a YAML syntax error really belongs to where the parser's own position is unhelpful: the parser
/// reports tab indentation at line 1 and an unclosed '{' or '[' at the end of the file (or with no position at all).
/// </summary>
internal static class YamlSyntaxHints
{
    /// <summary>The 1-based line of the first line indented with a tab, or null.</summary>
    public static int? FirstTabIndentedLine(string yaml)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            if (lines[i][..indent].Contains('\t')) return i + 1;
        }
        return null;
    }

    /// <summary>The 1-based line and character of the outermost flow collection ('{' or '[') never closed, ignoring quoted text and comments; or null.</summary>
    public static (int Line, char Bracket)? UnclosedFlowCollection(string yaml)
    {
        var open = new Stack<(int Line, char Bracket)>();
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            char? quote = null;
            var line = lines[i];
            for (var c = 0; c < line.Length; c++)
            {
                var ch = line[c];
                if (quote is not null) { if (ch == quote) quote = null; continue; }
                if (ch is '"' or '\'' && (c == 0 || line[c - 1] is ' ' or '[' or '{' or ',' or ':')) quote = ch;
                else if (ch == '#' && (c == 0 || line[c - 1] == ' ')) break;
                else if (ch is '{' or '[') open.Push((i + 1, ch));
                else if (ch is '}' or ']' && open.Count > 0) open.Pop();
            }
        }
        return open.Count > 0 ? open.Last() : null;
    }
}
