using ExperimentHarness.Foundation;

namespace ExperimentHarness.Config;

/// <summary>Every problem found in a config file, reported together.</summary>
public sealed class ConfigException(IReadOnlyList<ConfigProblem> problems)
    : InputException(Describe(problems))
{
    public IReadOnlyList<ConfigProblem> Problems { get; } = problems;

    private static string Describe(IReadOnlyList<ConfigProblem> problems) =>
        problems.Count == 1
            ? $"invalid config: {problems[0]}"
            : $"invalid config ({problems.Count} problems):\n  " + string.Join("\n  ", problems);
}
