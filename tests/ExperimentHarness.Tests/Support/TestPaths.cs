namespace ExperimentHarness.Tests.Support;

/// <summary>Locations tests read from: the repository root and the shared benchmark data beside it.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>
    /// <c>../shared/data</c> beside the checkout (CI and developer machines have it). Tests that need
    /// it fail loudly when it is missing rather than silently passing.
    /// </summary>
    public static string SharedData
    {
        get
        {
            var dir = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));
            if (!Directory.Exists(dir))
                throw new DirectoryNotFoundException($"benchmark data not found at {dir} (expected ../shared/data beside the checkout)");
            return dir;
        }
    }

    public static string NewTempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "eh-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ExperimentHarness.sln")))
                return dir.FullName;
        throw new InvalidOperationException("could not find ExperimentHarness.sln above " + AppContext.BaseDirectory);
    }
}
