using ExperimentHarness.Foundation;

namespace ExperimentHarness.Config;

/// <summary>Every problem found in a config file, reported together.</summary>
public sealed class ConfigException(IReadOnlyList<ConfigProblem> problems)
    : InputProblems("invalid config", problems.Select(p => p.ToString()).ToList())
{
    public IReadOnlyList<ConfigProblem> Problems { get; } = problems;
}
