using System.CommandLine;

namespace ExperimentHarness.Runner.Commands;

/// <summary><c>run --config FILE [--out DIR] [--limit N] [--device cpu|cuda] [--data PATH] [--model DIR]</c>: runs every cell of a config (each model × each stack), resuming where an earlier run stopped.</summary>
public sealed class RunCommand(RunJob job) : ICliCommand
{
    public Command Build()
    {
        var config = new Option<string>("--config") { Description = "Run config (YAML).", Required = true };
        var output = new Option<string?>("--out") { Description = "Output directory (default: the config's output.dir, else runs/<config name>)." };
        var limit = WholeNumberOption.Optional("--limit", "Evaluate only the first N items of the split.", min: 1);
        var device = new Option<string?>("--device") { Description = "cpu or cuda (overrides model.device)." };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var data = new Option<string?>("--data") { Description = "Benchmark data path (overrides benchmark.path)." };
        var model = new Option<string?>("--model") { Description = "Checkpoint directory (overrides model.path / model.init)." };
        var command = new Command("run", "Run a config: benchmark × enhancement stack × model; results resume after interruption.");
        command.Options.Add(config);
        command.Options.Add(output);
        command.Options.Add(limit);
        command.Options.Add(device);
        command.Options.Add(data);
        command.Options.Add(model);
        command.SetAction((parse, ct) =>
        {
            var overrides = new RunOverrides(parse.GetValue(output), parse.GetValue(limit), parse.GetValue(device), parse.GetValue(data), parse.GetValue(model));
            var summaries = job.ExecuteAll(parse.GetValue(config)!, overrides, ct);
            return Task.FromResult(summaries.All(s => s.Complete) ? ExitCodes.Success : ExitCodes.Cancelled);
        });
        return command;
    }
}
