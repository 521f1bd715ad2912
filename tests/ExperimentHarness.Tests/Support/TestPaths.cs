namespace ExperimentHarness.Tests.Support;

/// <summary>Locations tests read from: the repository root and the shared benchmark data beside it.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>
    /// The public benchmark files: <c>$EH_TEST_DATA</c>, else <c>../shared/data</c> beside the checkout (CI
    /// and developer machines), else <c>data/</c> in the checkout (what <c>scripts/fetch-data</c> writes;
    /// <c>scripts/test</c> fetches it when neither exists); a folder counts only when it holds gsm8k/test.jsonl. Tests that need it fail loudly when it is missing.
    /// </summary>
    public static string SharedData
    {
        get
        {
            var candidates = new[]
            {
                Environment.GetEnvironmentVariable("EH_TEST_DATA"),
                Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data")),
                Path.Combine(RepoRoot, "data"),
            };
            return candidates.FirstOrDefault(d => !string.IsNullOrEmpty(d) && File.Exists(Path.Combine(d, "gsm8k", "test.jsonl")))
                ?? throw new DirectoryNotFoundException($"benchmark data not found (looked at $EH_TEST_DATA, {candidates[1]}, {candidates[2]}); run scripts/fetch-data");
        }
    }

    /// <summary>A fresh directory under this test process's own root, which is deleted when the process exits.</summary>
    public static string NewTempDirectory()
    {
        var dir = Path.Combine(ProcessRoot.Value, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static readonly Lazy<string> ProcessRoot = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), "eh-tests", $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { }                      // a file still open (a child process): left for the OS to clean
            catch (UnauthorizedAccessException) { }
        };
        return root;
    });

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ExperimentHarness.sln")))
                return dir.FullName;
        throw new InvalidOperationException("could not find ExperimentHarness.sln above " + AppContext.BaseDirectory);
    }
}
