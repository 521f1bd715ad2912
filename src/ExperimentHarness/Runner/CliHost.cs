using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ExperimentHarness.Runner;

/// <summary>
/// Builds the generic host (DI, logging), registers every verb and runs the one named on the
/// command line. Errors are mapped to exit codes by exception type in <see cref="CommandErrors"/>.
/// User output goes to <see cref="IConsoleOutput"/> (stdout, parsed by people and scripts); diagnostics go
/// through <see cref="ILogger"/> to stderr only: warnings by default, debug detail with <c>--verbose</c>.
/// </summary>
public static class CliHost
{
    /// <param name="configure">Runs after the standard registrations, so a caller (a test) can add a log sink or replace a service.</param>
    public static async Task<int> RunAsync(string[] args, IConsoleOutput? console = null, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        var verbose = args.Contains("--verbose");
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);   // never into stdout
        builder.Logging.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);      // the host's own start-up chatter is not ours to show
        builder.Services.AddSingleton(console ?? new SystemConsoleOutput());
        CommandCatalog.Register(builder.Services);
        configure?.Invoke(builder);
        using var host = builder.Build();

        var root = new RootCommand("ExperimentHarness: measure compute-equivalent gains of post-training enhancements.");
        root.Options.Add(new Option<bool>("--verbose") { Description = "Debug logging to stderr.", Recursive = true });
        foreach (var command in host.Services.GetServices<ICliCommand>())
            root.Subcommands.Add(command.Build());

        var parse = root.Parse(args);
        var output = host.Services.GetRequiredService<IConsoleOutput>();
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) output.WriteError(error.Message);
            return ExitCodes.Usage;
        }
        using var stop = new StopSignals();
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,     // StopSignals owns SIGINT/SIGTERM/SIGQUIT
            }, stop.Token);
        }
        catch (Exception ex)
        {
            return CommandErrors.Report(ex, output);
        }
    }
}
