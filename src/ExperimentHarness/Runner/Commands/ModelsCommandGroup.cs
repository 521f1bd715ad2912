using System.CommandLine;

namespace ExperimentHarness.Runner.Commands;

/// <summary><c>models ...</c>: the model verbs, each registered as an <see cref="IModelsSubcommand"/>.</summary>
public sealed class ModelsCommandGroup(IEnumerable<IModelsSubcommand> subcommands) : ICliCommand
{
    public Command Build()
    {
        var command = new Command("models", "Create, fetch, verify and list model checkpoints.");
        foreach (var sub in subcommands) command.Subcommands.Add(sub.Build());
        return command;
    }
}
