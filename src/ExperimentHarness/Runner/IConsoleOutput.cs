namespace ExperimentHarness.Runner;

/// <summary>User-facing output (not diagnostics: those go to ILogger). Injected so tests can capture it.</summary>
public interface IConsoleOutput
{
    void WriteLine(string line);
    void WriteError(string line);
}

public sealed class SystemConsoleOutput : IConsoleOutput
{
    public void WriteLine(string line) => Console.Out.WriteLine(line);
    public void WriteError(string line) => Console.Error.WriteLine(line);
}
