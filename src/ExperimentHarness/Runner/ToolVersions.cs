using System.Reflection;

namespace ExperimentHarness.Runner;

/// <summary>Versions of the harness and the libraries that shape its numbers (written into summaries).</summary>
public static class ToolVersions
{
    public static IReadOnlyList<(string Name, string Version)> Collect() =>
    [
        ("ExperimentHarness", VersionOf(typeof(ToolVersions).Assembly)),
        ("TorchSharp", VersionOf(typeof(TorchSharp.torch).Assembly)),
        ("Microsoft.ML.Tokenizers", VersionOf(typeof(Microsoft.ML.Tokenizers.Tokenizer).Assembly)),
        ("MathNet.Numerics", VersionOf(typeof(MathNet.Numerics.Constants).Assembly)),
        (".NET", Environment.Version.ToString()),
    ];

    private static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
