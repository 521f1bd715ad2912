using ExperimentHarness.Benchmarks;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// What stack elements may know when they are built: the loaded benchmark (for exemplar pools), the run seed,
/// the directory relative paths in element parameters are resolved against (the config file's), and how to hash a
/// checkpoint directory's weights (for identities that name a separate model by its content, not its path).
/// </summary>
public sealed record StackContext(BenchmarkSplits Benchmark, int RunSeed, string? BaseDirectory = null)
{
    /// <summary>SHA-256 (hex) identifying the weights in a checkpoint directory; null where no checkpoint can be read.</summary>
    public Func<string, string>? HashCheckpoint { get; init; }

    public string ResolvePath(string path) => Path.GetFullPath(Path.Combine(BaseDirectory ?? Directory.GetCurrentDirectory(), path));
}
