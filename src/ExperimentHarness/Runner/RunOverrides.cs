namespace ExperimentHarness.Runner;

/// <summary>Command-line settings that override the config file for one invocation.</summary>
public sealed record RunOverrides(string? OutputDirectory, int? Limit, string? Device, string? DataPath, string? ModelPath = null);
