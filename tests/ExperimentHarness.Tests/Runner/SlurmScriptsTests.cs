using System.Diagnostics;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

public class SlurmScriptsTests
{
    private static readonly SlurmRequest Request = new("/work/configs/night ly.yaml", "/runs/night", "/repo/scripts/harness", "/repo", 3, "gpu:1", "cuda");

    [Fact]
    public void ArrayHasOneTaskPerShardEachIntoItsOwnStoreWithGpuAndRequeue()
    {
        var array = SlurmScripts.Render(Request)[SlurmScripts.ArrayFile];
        var lines = array.Split('\n');
        Assert.Equal("#!/bin/bash", lines[0]);
        Assert.Contains("#SBATCH --array=1-3", lines);
        Assert.Contains("#SBATCH --gres=gpu:1", lines);
        Assert.Contains("#SBATCH --requeue", lines);
        Assert.Contains("#SBATCH --signal=B:TERM@120", lines);
        Assert.Contains("'/repo/scripts/harness' sweep --config '/work/configs/night ly.yaml' --shard \"${SLURM_ARRAY_TASK_ID}/3\" --out '/runs/night'/shard-\"${SLURM_ARRAY_TASK_ID}\" --device cuda &", lines);
        Assert.Contains("if [ \"$code\" -eq 130 ]; then scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"; fi", lines);
        // Every #SBATCH line comes before the first command (sbatch stops reading directives there).
        var firstCommand = Array.FindIndex(lines, l => l.Length > 0 && !l.StartsWith('#'));
        Assert.True(Array.FindLastIndex(lines, l => l.StartsWith("#SBATCH")) < firstCommand);

        var cpu = SlurmScripts.Render(Request with { Gres = null })[SlurmScripts.ArrayFile];
        Assert.DoesNotContain("--gres", cpu.Split('\n').Where(l => l.StartsWith("#SBATCH")));
    }

    [Fact]
    public void FinalJobWaitsForTheWholeArrayThenMergesFitsAndReports()
    {
        var scripts = SlurmScripts.Render(Request);
        var submit = scripts[SlurmScripts.SubmitFile];
        Assert.Contains("array=$(sbatch --parsable '/runs/night/slurm/shards.sbatch')", submit);
        Assert.Contains("--dependency=afterany:\"${array%%;*}\" '/runs/night/slurm/finish.sbatch'", submit);
        var finish = scripts[SlurmScripts.FinishFile].Split('\n');
        var merge = Array.FindIndex(finish, l => l.StartsWith("'/repo/scripts/harness' merge --out '/runs/night/merged' \"${stores[@]}\""));
        var fit = Array.FindIndex(finish, l => l.StartsWith("'/repo/scripts/harness' fit --results '/runs/night/merged' --out '/runs/night/merged/fit'"));
        var report = Array.FindIndex(finish, l => l.StartsWith("'/repo/scripts/harness' report --results '/runs/night/merged' --out '/runs/night/merged/report'"));
        Assert.True(merge > 0 && fit > merge && report > fit, string.Join("\n", finish));
        Assert.DoesNotContain("--gres", scripts[SlurmScripts.FinishFile]);
    }

    [Fact]
    public void ScriptsAreValidBash()
    {
        var dir = TestPaths.NewTempDirectory();
        foreach (var path in SlurmScripts.Write(Request with { OutputDirectory = dir }))
        {
            Assert.True((File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0);
            using var bash = Process.Start(new ProcessStartInfo("bash", ["-n", path]) { RedirectStandardError = true })!;
            var error = bash.StandardError.ReadToEnd();
            bash.WaitForExit();
            Assert.True(bash.ExitCode == 0, $"{path}: {error}");
        }
    }

    [Fact]
    public void QuotingSurvivesSingleQuotes() => Assert.Equal("'it'\\''s'", SlurmScripts.Quote("it's"));
}
