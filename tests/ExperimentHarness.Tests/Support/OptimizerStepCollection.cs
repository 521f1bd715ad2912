namespace ExperimentHarness.Tests.Support;

/// <summary>
/// Tests that run TorchSharp's own optimizer steps. AdamW.step divides by plain doubles, and each becomes a temporary
/// Scalar whose native handle the GC may free while libtorch still reads it ("toDouble"/"toFloat" failures) when other
/// test threads allocate meanwhile. These classes run alone, after the parallel ones, which keeps other threads quiet.
/// </summary>
[CollectionDefinition(nameof(OptimizerStepCollection), DisableParallelization = true)]
public sealed class OptimizerStepCollection;
