using ExperimentHarness.Foundation;

namespace ExperimentHarness.Enhancements;

/// <summary>What verifier training may use besides the embedder: generation, the task's scorer, the head trainer, and LM fine-tuning where the model offers it.</summary>
public sealed record VerifierCapabilities(IGenerationEngine Engine, Scoring.ITaskScorer Scorer, IVerifierHeadTrainer Trainer, Benchmarks.BenchmarkSplits Benchmark,
    IVerifierFineTuner? FineTuner = null);
