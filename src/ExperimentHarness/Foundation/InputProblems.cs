namespace ExperimentHarness.Foundation;

/// <summary>
/// Several problems with the user's input found together (each line names its file and key), so one run of
/// the command shows everything to fix; the CLI prints them all and exits with code 3 like any input error.
/// </summary>
public class InputProblems(string heading, IReadOnlyList<string> lines) : InputException(Describe(heading, lines))
{
    /// <summary>What the lines are about, e.g. "invalid config" or "benchmark 'arith'".</summary>
    public string Heading { get; } = heading;

    /// <summary>One problem per line, without the heading.</summary>
    public IReadOnlyList<string> Lines { get; } = lines;

    /// <summary>The exception for <paramref name="lines"/>: a plain <see cref="InputException"/> for one problem, else all of them.</summary>
    public static InputException Of(string heading, IReadOnlyList<string> lines) =>
        lines.Count == 1 ? new InputException($"{heading}: {lines[0]}") : new InputProblems(heading, lines);

    private static string Describe(string heading, IReadOnlyList<string> lines) =>
        lines.Count == 1 ? $"{heading}: {lines[0]}" : $"{heading} ({lines.Count} problems):\n  " + string.Join("\n  ", lines);
}
