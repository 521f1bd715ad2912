using ExperimentHarness.Benchmarks;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// What stack elements may know when they are built: the loaded benchmark (for exemplar pools), the run seed,
/// and the directory relative paths in element parameters are resolved against (the config file's).
/// </summary>
public sealed record StackContext(BenchmarkSplits Benchmark, int RunSeed, string? BaseDirectory = null)
{
    public string ResolvePath(string path) => Path.GetFullPath(Path.Combine(BaseDirectory ?? Directory.GetCurrentDirectory(), path));
}
