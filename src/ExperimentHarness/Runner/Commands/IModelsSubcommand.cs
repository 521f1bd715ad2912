using System.CommandLine;

namespace ExperimentHarness.Runner.Commands;

/// <summary>A verb under <c>models</c> (init, fetch, verify, list).</summary>
public interface IModelsSubcommand
{
    Command Build();
}
