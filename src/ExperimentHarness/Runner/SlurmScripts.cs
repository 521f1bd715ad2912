using System.Globalization;
using System.Text;

namespace ExperimentHarness.Runner;

/// <summary>What <c>sweep --emit slurm</c> needs to write the scripts of one sweep.</summary>
public sealed record SlurmRequest(string ConfigFile, string OutputDirectory, string Harness, string WorkingDirectory, int Shards, string? Gres, string? Device);

/// <summary>
/// The Slurm scripts of a sweep: an sbatch array with one task per shard (each into its own store under OUT/shard-I,
/// requeued on preemption; SIGTERM two minutes before the time limit lets the harness stop and save, and a requeued task
/// resumes from its store), a final job that depends on the whole array and runs merge, fit and report, and submit.sh
/// that submits both. Shard stores are never shared, so no two tasks ever write one store.
/// </summary>
public static class SlurmScripts
{
    public const string ArrayFile = "shards.sbatch";
    public const string FinishFile = "finish.sbatch";
    public const string SubmitFile = "submit.sh";

    public static IReadOnlyDictionary<string, string> Render(SlurmRequest r)
    {
        var name = "eh-" + SweepPlanner.Slug(Path.GetFileNameWithoutExtension(r.ConfigFile));
        var logs = Path.Combine(r.OutputDirectory, "slurm");
        var device = r.Device is null ? "" : $" --device {r.Device}";
        var array = new StringBuilder()
            .AppendLine("#!/bin/bash")
            .AppendLine($"#SBATCH --job-name={name}")
            .AppendLine(string.Create(CultureInfo.InvariantCulture, $"#SBATCH --array=1-{r.Shards}"))
            .AppendLine("#SBATCH --ntasks=1")
            .AppendLine(r.Gres is null ? "# (no GPU requested: --gpu-request none)" : $"#SBATCH --gres={r.Gres}")
            .AppendLine("#SBATCH --requeue")
            .AppendLine("#SBATCH --signal=B:TERM@120")
            .AppendLine("#SBATCH --open-mode=append")
            .AppendLine($"#SBATCH --output={Quote(Path.Combine(logs, "shard-%a.log"))}")
            .AppendLine("# One shard of the sweep per array task, each into its own store; a requeued task resumes where it stopped.")
            .AppendLine("set -uo pipefail")
            .AppendLine($"cd {Quote(r.WorkingDirectory)}")
            .AppendLine($"{Quote(r.Harness)} sweep --config {Quote(r.ConfigFile)} --shard \"${{SLURM_ARRAY_TASK_ID}}/{r.Shards}\" --out {Quote(r.OutputDirectory)}/shard-\"${{SLURM_ARRAY_TASK_ID}}\"{device} &")
            .AppendLine("child=$!")
            .AppendLine("# Slurm's SIGTERM (preemption, time limit) goes to the harness, which stops after the current step and saves.")
            .AppendLine("trap 'kill -TERM \"$child\" 2>/dev/null' TERM")
            .AppendLine("wait \"$child\"; code=$?")
            .AppendLine("if kill -0 \"$child\" 2>/dev/null; then wait \"$child\"; code=$?; fi")
            .AppendLine("# 130: stopped by the signal with everything finished saved; requeue this task so it resumes from its store.")
            .AppendLine("if [ \"$code\" -eq 130 ]; then scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"; fi")
            .AppendLine("# 7: some cells failed (named in the shard's sweep json); the final job still merges what finished.")
            .AppendLine("exit \"$code\"")
            .ToString();
        var merged = Path.Combine(r.OutputDirectory, "merged");
        var finish = new StringBuilder()
            .AppendLine("#!/bin/bash")
            .AppendLine($"#SBATCH --job-name={name}-finish")
            .AppendLine("#SBATCH --ntasks=1")
            .AppendLine($"#SBATCH --output={Quote(Path.Combine(logs, "finish.log"))}")
            .AppendLine("# Runs after every array task has ended (submit.sh: --dependency=afterany): merge the shard stores, fit, report.")
            .AppendLine("set -euo pipefail")
            .AppendLine($"cd {Quote(r.WorkingDirectory)}")
            .AppendLine($"stores=(); for i in $(seq 1 {r.Shards}); do [ -f {Quote(r.OutputDirectory)}/shard-$i/results.sqlite ] && stores+=({Quote(r.OutputDirectory)}/shard-$i); done")
            .AppendLine($"{Quote(r.Harness)} merge --out {Quote(merged)} \"${{stores[@]}}\"")
            .AppendLine($"{Quote(r.Harness)} fit --results {Quote(merged)} --out {Quote(Path.Combine(merged, "fit"))}")
            .AppendLine($"{Quote(r.Harness)} report --results {Quote(merged)} --out {Quote(Path.Combine(merged, "report"))}")
            .ToString();
        var submit = new StringBuilder()
            .AppendLine("#!/bin/bash")
            .AppendLine("# Submits the shard array, then the final job that waits for all of it.")
            .AppendLine("set -euo pipefail")
            .AppendLine($"mkdir -p {Quote(logs)}")
            .AppendLine($"array=$(sbatch --parsable {Quote(Path.Combine(logs, ArrayFile))})")
            .AppendLine($"finish=$(sbatch --parsable --dependency=afterany:\"${{array%%;*}}\" {Quote(Path.Combine(logs, FinishFile))})")
            .AppendLine("echo \"array job ${array%%;*}, final job ${finish%%;*}\"")
            .ToString();
        return new Dictionary<string, string> { [ArrayFile] = array, [FinishFile] = finish, [SubmitFile] = submit };
    }

    /// <summary>Writes the scripts under OUT/slurm (executable) and returns their paths.</summary>
    public static IReadOnlyList<string> Write(SlurmRequest request)
    {
        var directory = Path.Combine(request.OutputDirectory, "slurm");
        var written = new List<string>();
        foreach (var (file, text) in Render(request))
        {
            var path = Path.Combine(directory, file);
            Foundation.AtomicFile.WriteAllText(path, text);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            written.Add(path);
        }
        return written;
    }

    /// <summary>Single-quoted for bash.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";
}
