using Microsoft.Extensions.Logging;

namespace ExperimentHarness.Tests.Support;

/// <summary>Keeps every log entry (level, category, message) that passes the host's filters, for tests to read.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public List<(LogLevel Level, string Category, string Message)> Entries { get; } = [];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner.Entries) owner.Entries.Add((logLevel, category, formatter(state, exception)));
        }
    }
}
