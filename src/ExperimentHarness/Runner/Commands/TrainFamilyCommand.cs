using System.CommandLine;
using System.Globalization;
using ExperimentHarness.Config;
using ExperimentHarness.Foundation;
using ExperimentHarness.Report;
using ExperimentHarness.Training;

namespace ExperimentHarness.Runner.Commands;

/// <summary>
/// <c>train-family --config FILE</c>: trains (or resumes) every member of a controlled family, then writes family.json,
/// the loss-vs-compute plot and the family's lock entry. Rerunning after a stop or a kill resumes from the last checkpoint.
/// </summary>
public sealed class TrainFamilyCommand(IConsoleOutput console) : ICliCommand
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    public Command Build()
    {
        var config = new Option<string>("--config") { Description = "Family config (YAML), e.g. configs/family-arith.yaml.", Required = true };
        var command = new Command("train-family", "Train a compute-controlled model family (resumable); writes checkpoints, family.json, a plot and the lock entry.");
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the members, their shapes, tokens and FLOPs, and the expected time; train nothing." };
        var speed = new Option<double?>("--flops-per-second") { Description = "Training throughput for --dry-run's time estimate (default: 30e9, measured on this project's 2-core CPU)." };
        var seed = WholeNumberOption.Optional("--seed", "Train the same family with another seed, as family FAMILY-seedN (a replication).");
        command.Options.Add(config);
        command.Options.Add(seed);
        command.Options.Add(dryRun);
        command.Options.Add(speed);
        command.SetAction((parse, ct) =>
        {
            var spec = TrainFamilyConfigReader.Load(parse.GetValue(config)!);
            if (parse.GetValue(seed) is { } s)
            {
                if (s < 0) throw new InputException($"--seed must be ≥ 0, got {s}");
                spec = spec with { Seed = s, Family = $"{spec.Family}-seed{s}" };
            }
            if (parse.GetValue(dryRun))
            {
                PrintPlan(spec, parse.GetValue(speed) ?? MeasuredCpuFlopsPerSecond);
                return Task.FromResult(ExitCodes.Success);
            }
            var trainer = new FamilyTrainer(spec);
            var members = trainer.Run(console.WriteLine, Throttled(), ct);
            var plot = Path.Combine(trainer.FamilyDirectory, "loss-vs-compute.png");
            LossComputePlot.Write(plot, spec.Family, members.Select(m => new LossCurve(m.Name, m.Log.Select(p => (p.Flops, p.HeldOutLoss)).ToList())).ToList());
            console.WriteLine($"wrote {Path.Combine(trainer.FamilyDirectory, "family.json")}, {plot} and the '{spec.Family}' entry of {spec.LockFile}");
            foreach (var m in members)
                console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {m.Name,-8} N={m.ParamsNonEmbedding,9:N0} D={m.Tokens,10:G3} FLOPs={m.TrainingFlops:G3} (6ND {m.SixNd:G3}) held-out loss {m.HeldOutLoss:F4}"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>Training throughput of train-family on this project's 2-core x86-64 build machine, 25k-260k-parameter members (README).</summary>
    public const double MeasuredCpuFlopsPerSecond = 30e9;

    private void PrintPlan(TrainFamilyConfig spec, double flopsPerSecond)
    {
        if (flopsPerSecond <= 0) throw new InputException($"--flops-per-second must be > 0, got {flopsPerSecond}");
        // The vocabulary is at most bytes + merges + end-of-text (the learned BPE may stop early on a small corpus).
        var plans = FamilyPlan.Make(spec, 256 + spec.Tokenizer.Merges + 1);
        foreach (var p in plans)
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{p.Name,-10} L={p.Shape.Layers} d={p.Shape.Hidden} h={p.Shape.Heads} f={p.Shape.MlpWidth}  N={MemberShape.NonEmbeddingParameters(p.Shape),13:N0}  D={p.Tokens,9:G3}  {p.Steps,7} steps  {p.PlannedFlops,9:G3} FLOPs  ~{Hours(p.PlannedFlops / flopsPerSecond)}"));
        var total = plans.Sum(p => p.PlannedFlops);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"total {total:G3} FLOPs (ledger): ~{Hours(total / flopsPerSecond)} at {flopsPerSecond:G3} FLOP/s"));
    }

    private static string Hours(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:F2} h");

    /// <summary>Prints a progress line at most every few seconds, and every held-out evaluation.</summary>
    private Action<TrainingProgress> Throttled()
    {
        var last = DateTime.MinValue;
        return p =>
        {
            var now = DateTime.UtcNow;
            if (p.HeldOutLoss is null && p.Step < p.Steps && now - last < ProgressInterval) return;
            last = now;
            var heldOut = p.HeldOutLoss is { } h ? string.Create(CultureInfo.InvariantCulture, $" held-out {h:F4}") : "";
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{p.Member} {p.Step}/{p.Steps}] loss {p.Loss:F4}{heldOut}, {p.TokensPerSecond:F0} tokens/s, {p.FlopsPerSecond / 1e9:F2} GFLOP/s, {p.FlopsSpent / p.Budget:P1} of budget, data {p.DataShare:P0} of time, ETA {p.Remaining:hh\\:mm\\:ss}"));
        };
    }
}
