using System.CommandLine;

namespace ExperimentHarness.Runner.Commands;

/// <summary><c>version</c>: prints the harness and library versions recorded in every summary.</summary>
public sealed class VersionCommand(IConsoleOutput console) : ICliCommand
{
    public Command Build()
    {
        var command = new Command("version", "Print harness, TorchSharp and runtime versions.");
        command.SetAction(_ =>
        {
            foreach (var (name, version) in ToolVersions.Collect())
                console.WriteLine($"{name} {version}");
            return ExitCodes.Success;
        });
        return command;
    }
}
