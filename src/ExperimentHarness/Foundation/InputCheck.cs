namespace ExperimentHarness.Foundation;

/// <summary>
/// Runs independent checks of the user's input and keeps every problem they raise instead of stopping at the
/// first; <see cref="ThrowIfAny"/> then reports them together as one <see cref="InputProblems"/>.
/// </summary>
public sealed class InputCheck(string heading)
{
    private readonly List<string> _lines = [];

    public int Count => _lines.Count;

    public void Add(string line) => _lines.Add(line);

    /// <summary>
    /// The check's result, or default when it raised an input error; each problem is recorded as one line,
    /// after <paramref name="where"/> when given (e.g. "run.yaml: model 'tiny'").
    /// </summary>
    public T? Try<T>(string? where, Func<T> check)
    {
        var prefix = where is null ? "" : where + ": ";
        try
        {
            return check();
        }
        catch (InputProblems problems)
        {
            foreach (var line in problems.Lines) _lines.Add($"{prefix}{problems.Heading}: {line}");
        }
        catch (InputException ex)
        {
            _lines.Add(prefix + ex.Message);
        }
        return default;
    }

    public void ThrowIfAny()
    {
        if (_lines.Count == 1) throw new InputException(_lines[0]);
        if (_lines.Count > 1) throw new InputProblems(heading, _lines.ToList());
    }
}
