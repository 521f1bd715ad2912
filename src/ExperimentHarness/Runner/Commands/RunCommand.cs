using System.CommandLine;

namespace ExperimentHarness.Runner.Commands;

/// <summary>
/// <c>run --config FILE [--out DIR] [--limit N] [--device cpu|cuda] [--data PATH] [--model DIR] [--dry-run] [--shard i/n]</c>
/// (also named <c>sweep</c>): prints the plan, then runs the config's cells, resuming where an earlier run stopped.
/// </summary>
public sealed class RunCommand(RunJob job, IConsoleOutput console) : ICliCommand
{
    public Command Build()
    {
        var config = new Option<string>("--config") { Description = "Run config (YAML).", Required = true };
        var output = new Option<string?>("--out") { Description = "Output directory (default: the config's output.dir, else runs/<config name>)." };
        var limit = WholeNumberOption.Optional("--limit", "Evaluate only the first N items of each benchmark's split.", min: 1);
        var device = new Option<string?>("--device") { Description = "cpu or cuda (overrides model.device)." };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var data = new Option<string?>("--data") { Description = "Benchmark data path (overrides benchmark.path)." };
        var model = new Option<string?>("--model") { Description = "Checkpoint directory (overrides model.path / model.init)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan (cells, stored items, FLOP and time estimate) and write nothing." };
        var shard = new Option<string?>("--shard") { Description = "Run share i of n of the cells (1 <= i <= n), balanced by estimated FLOPs." };
        var emit = new Option<string?>("--emit") { Description = "slurm: print the plan and write OUT/slurm/{shards.sbatch, finish.sbatch, submit.sh} instead of running." };
        emit.AcceptOnlyFromAmong("slurm");
        var shards = WholeNumberOption.Optional("--shards", "With --emit slurm: the number of array tasks (shards; default 4).", min: 1);
        var gres = new Option<string?>("--gpu-request") { Description = "With --emit slurm: the --gres of each array task (default gpu:1; none for CPU nodes)." };
        var command = new Command("run", "Run a config: benchmarks × models × enhancement stacks; prints the plan first; results resume after interruption.");
        command.Aliases.Add("sweep");
        command.Options.Add(config);
        command.Options.Add(output);
        command.Options.Add(limit);
        command.Options.Add(device);
        command.Options.Add(data);
        command.Options.Add(model);
        command.Options.Add(dryRun);
        command.Options.Add(shard);
        command.Options.Add(emit);
        command.Options.Add(shards);
        command.Options.Add(gres);
        command.SetAction((parse, ct) =>
        {
            var overrides = new RunOverrides(parse.GetValue(output), parse.GetValue(limit), parse.GetValue(device), parse.GetValue(data), parse.GetValue(model));
            var options = new SweepOptions(parse.GetValue(dryRun), parse.GetValue(shard) is { } s ? ShardSpec.Parse(s) : null);
            if (parse.GetValue(emit) is not null)
            {
                var plan = job.Sweep(parse.GetValue(config)!, overrides, options with { DryRun = true }, ct).Plan;
                var request = new SlurmRequest(plan.ConfigFile, plan.OutputDirectory, Path.GetFullPath(Path.Combine("scripts", "harness")), Directory.GetCurrentDirectory(),
                    parse.GetValue(shards) ?? 4, parse.GetValue(gres) is "none" ? null : parse.GetValue(gres) ?? "gpu:1", parse.GetValue(device));
                if (!File.Exists(request.Harness)) throw new Foundation.InputException($"--emit slurm: run it from the checkout root ({request.Harness} not found)");
                foreach (var file in SlurmScripts.Write(request)) console.WriteLine($"wrote {file}");
                return Task.FromResult(ExitCodes.Success);
            }
            var result = job.Sweep(parse.GetValue(config)!, overrides, options, ct);
            return Task.FromResult(ExitCode(result));
        });
        return command;
    }

    /// <summary>130 when a cell stopped early, else 7 when a cell failed, else 0.</summary>
    public static int ExitCode(SweepResult result) =>
        result.DryRun ? ExitCodes.Success
        : result.Summaries.Any(s => !s.Complete) ? ExitCodes.Cancelled
        : result.Failed.Count > 0 ? ExitCodes.CellsFailed
        : ExitCodes.Success;
}
