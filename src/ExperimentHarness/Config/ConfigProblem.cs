namespace ExperimentHarness.Config;

/// <summary>One thing wrong with a config file: where (file, key path, line), what was expected, what was found.</summary>
public sealed record ConfigProblem(string File, string Key, string Expected, string? Got, int? Line)
{
    public override string ToString()
    {
        var where = Line is { } l ? $"{File}:{l}" : File;
        var got = Got is null ? "" : $", got {Got}";
        return $"{where}: key '{Key}': expected {Expected}{got}";
    }
}
