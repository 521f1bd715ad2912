using System.Diagnostics;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Benchmarks;

/// <summary>scripts/fetch-data's verification (the download itself needs the network, which tests do not have).</summary>
public class FetchDataScriptTests
{
    private static (int Code, string Output) Verify(string dir)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(TestPaths.RepoRoot, "scripts", "fetch-data"), "--verify-only", dir])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    [Fact]
    public void VerifiesPinnedFilesAndNamesEveryProblem()
    {
        var dir = TestPaths.NewTempDirectory();
        var shared = TestPaths.SharedData;
        // Copies made at test time into a temporary directory (never into the repository).
        foreach (var path in new[] { "gsm8k/test.jsonl", "cot-suites/AddSub/AddSub.json" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, path))!);
            File.Copy(Path.Combine(shared, path), Path.Combine(dir, path));
        }
        Directory.CreateDirectory(Path.Combine(dir, "cot-suites", "SVAMP"));
        var corrupted = File.ReadAllBytes(Path.Combine(shared, "cot-suites", "SVAMP", "SVAMP.json"));
        corrupted[100] ^= 1;
        File.WriteAllBytes(Path.Combine(dir, "cot-suites", "SVAMP", "SVAMP.json"), corrupted);

        var (code, output) = Verify(dir);
        Assert.Equal(5, code);
        Assert.Contains("ok       gsm8k/test.jsonl", output);
        Assert.Contains("ok       cot-suites/AddSub/AddSub.json", output);
        Assert.Contains("BAD      cot-suites/SVAMP/SVAMP.json: sha256", output);
        Assert.Contains("BAD      gsm8k/train.jsonl: missing", output);
    }

    [Fact]
    public void TheSharedCopyPassesEveryPin()
    {
        var (code, output) = Verify(TestPaths.SharedData);
        Assert.True(code == 0, output);
        Assert.Equal(13, output.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
    }
}
