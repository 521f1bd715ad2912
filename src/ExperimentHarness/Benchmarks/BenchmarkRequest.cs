namespace ExperimentHarness.Benchmarks;

/// <summary>
/// What the config asks for: a benchmark by name, where its files are (null: the built-in default
/// location or a generated suite), and suite-specific options (e.g. arith's <c>steps</c>, <c>seed</c>).
/// </summary>
public sealed record BenchmarkRequest(string Name, string? DataPath, IReadOnlyDictionary<string, string> Options);
