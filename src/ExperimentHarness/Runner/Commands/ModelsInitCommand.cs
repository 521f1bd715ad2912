using System.CommandLine;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models;

namespace ExperimentHarness.Runner.Commands;

/// <summary><c>models init --arch llama --preset tiny --seed S --out DIR</c>: writes a random-initialised Hugging Face-format checkpoint.</summary>
public sealed class ModelsInitCommand(IConsoleOutput console) : IModelsSubcommand
{
    public Command Build()
    {
        var arch = new Option<string>("--arch") { Description = "Architecture: " + string.Join(", ", CheckpointInitializer.Architectures), Required = true };
        var preset = new Option<string>("--preset") { Description = "Size: " + string.Join(", ", ModelPreset.All.Select(p => p.Name)), Required = true };
        var seed = WholeNumberOption.Create("--seed", "Weight initialisation seed.", 0);
        var output = new Option<string>("--out") { Description = "Directory to create (must not exist or be empty).", Required = true };
        var command = new Command("init", "Create a random-initialised checkpoint (config.json, model.safetensors, tokenizer.json).");
        command.Options.Add(arch);
        command.Options.Add(preset);
        command.Options.Add(seed);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var dir = OutputFolder.Check(parse.GetValue(output)!, "--out");
            CheckpointInitializer.Create(parse.GetValue(arch)!, parse.GetValue(preset)!, parse.GetValue(seed), dir);
            console.WriteLine($"wrote {dir}");
            return ExitCodes.Success;
        });
        return command;
    }
}
