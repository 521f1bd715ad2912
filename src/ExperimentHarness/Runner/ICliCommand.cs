using System.CommandLine;

namespace ExperimentHarness.Runner;

/// <summary>One CLI verb. Each implementation builds its System.CommandLine command and its action.</summary>
public interface ICliCommand
{
    Command Build();
}
