using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ExperimentHarness.Config;

/// <summary>A config file's one top-level mapping; a syntax error or any other document shape becomes a problem, not an exception.</summary>
internal static class YamlRoot
{
    public static YamlMappingNode? Parse(string yaml, string file, List<ConfigProblem> problems, IReadOnlyList<string> topKeys)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            problems.Add(new ConfigProblem(file, "(document)", "valid YAML", ex.InnerException?.Message ?? ex.Message, (int)ex.Start.Line));
            return null;
        }
        if (stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode map) return map;
        problems.Add(new ConfigProblem(file, "(document)", "one YAML mapping with keys " + string.Join(", ", topKeys),
            stream.Documents.Count == 0 ? "an empty file" : YamlSection.Describe(stream.Documents[0].RootNode), 1));
        return null;
    }
}
