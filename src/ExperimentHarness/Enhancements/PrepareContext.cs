using ExperimentHarness.Benchmarks;
using ExperimentHarness.Engine;

namespace ExperimentHarness.Enhancements;

/// <summary>What one-time preparation may use: the model's capabilities (never the model), a cache directory, and the items to be evaluated.</summary>
public sealed record PrepareContext(ITextEmbedder Embedder, string CacheDirectory, IReadOnlyList<BenchmarkItem> EvaluationItems, VerifierCapabilities? Verifier = null);
