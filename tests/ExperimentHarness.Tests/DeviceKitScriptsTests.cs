using System.Diagnostics;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests;

/// <summary>
/// The GPU device kit's scripts run only on a device (or in <c>scripts/device-kit --dry-run</c>, which publishes the CLI
/// and is too slow for the suite); this keeps a syntax error from reaching a device call, where a retry costs minutes.
/// </summary>
public class DeviceKitScriptsTests
{
    private static string Script(string name) => Path.Combine(TestPaths.RepoRoot, "scripts", name);

    [Theory]
    [InlineData("device-kit")]
    [InlineData("device-driver")]
    [InlineData("build-libtorchsharp")]
    public void ShellScriptParses(string name)
    {
        var (code, output) = Run("bash", "-n", Script(name));
        Assert.True(code == 0, $"{name}: {output}");
    }

    [Theory]
    [InlineData("device-driver.py")]
    [InlineData("bench-transformers.py")]
    public void PythonScriptParses(string name)
    {
        // ast.parse checks the syntax without writing __pycache__ into the checkout.
        var (code, output) = Run("python3", "-c", "import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])", Script(name));
        Assert.True(code == 0, $"{name}: {output}");
    }

    private static (int Code, string Output) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
