using ExperimentHarness.Foundation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ExperimentHarness.Config;

/// <summary>
/// A config file's one top-level mapping; a syntax error, a key that is not plain text (a list or mapping used as
/// a key) or any other document shape becomes a problem naming the line, not an exception.
/// </summary>
internal static class YamlRoot
{
    /// <summary>A config file's text (strict UTF-8) and its full path; a missing file is <see cref="FileNotFoundException"/>.</summary>
    public static (string Text, string FullPath) Read(string file)
    {
        var full = Path.GetFullPath(file);
        if (!File.Exists(full)) throw new FileNotFoundException($"config file not found: {file}", file);
        return (StrictUtf8.ReadAllText(full), full);
    }

    /// <summary>The top-level mapping as a section collecting into <paramref name="problems"/>; a document that is not one mapping throws at once.</summary>
    public static YamlSection Top(string yaml, string file, List<ConfigProblem> problems, IReadOnlyList<string> topKeys) =>
        Parse(yaml, file, problems, topKeys) is { } root ? new YamlSection(file, "", root, problems) : throw new ConfigException(problems);

    public static YamlMappingNode? Parse(string yaml, string file, List<ConfigProblem> problems, IReadOnlyList<string> topKeys)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException)
        {
            problems.Add(SyntaxProblem(yaml, file, ex));
            return null;
        }
        if (stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode map)
        {
            var before = problems.Count;
            CheckKeys(map, "", file, problems, []);
            return problems.Count == before ? map : null;
        }
        problems.Add(new ConfigProblem(file, "(document)", "one YAML mapping with keys " + string.Join(", ", topKeys),
            stream.Documents.Count == 0 ? "an empty file" : YamlSection.Describe(stream.Documents[0].RootNode), 1));
        return null;
    }

    private static ConfigProblem SyntaxProblem(string yaml, string file, Exception ex)
    {
        var message = (ex.InnerException ?? ex) is YamlException inner ? inner.Message : ex.Message;
        int? line = ex is YamlException y && y.Start.Line > 0 ? (int)y.Start.Line : null;
        if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && YamlSyntaxHints.FirstTabIndentedLine(yaml) is { } tabLine)
            return new ConfigProblem(file, "(document)", "valid YAML indented with spaces", "a tab in the indentation", tabLine);
        if (YamlSyntaxHints.UnclosedFlowCollection(yaml) is { } unclosed)
            return new ConfigProblem(file, "(document)", $"valid YAML (the '{unclosed.Bracket}' opened on this line is never closed with '{(unclosed.Bracket == '{' ? '}' : ']')}')",
                ex is YamlException ? message : "an unclosed bracket", unclosed.Line);
        return new ConfigProblem(file, "(document)", "valid YAML", ex is YamlException ? message : "text the YAML parser cannot read", line ?? 1);
    }

    /// <summary>Every mapping key must be plain text; aliases may make the tree a graph, so each node is visited once.</summary>
    private static void CheckKeys(YamlNode node, string path, string file, List<ConfigProblem> problems, HashSet<YamlNode> seen)
    {
        if (!seen.Add(node)) return;
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        problems.Add(new ConfigProblem(file, path.Length == 0 ? "(document)" : path, "plain text keys", $"{YamlSection.Describe(key)} used as a key", (int)key.Start.Line));
                        continue;
                    }
                    CheckKeys(value, path.Length == 0 ? name : $"{path}.{name}", file, problems, seen);
                }
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++) CheckKeys(sequence.Children[i], $"{path}[{i}]", file, problems, seen);
                break;
        }
    }
}
