using ExperimentHarness.Engine;

namespace ExperimentHarness.Enhancements;

/// <summary>What verifier training may use besides the embedder: generation, the task's scorer, and the head trainer.</summary>
public sealed record VerifierCapabilities(IGenerationEngine Engine, Scoring.ITaskScorer Scorer, IVerifierHeadTrainer Trainer, Benchmarks.BenchmarkSplits Benchmark);
