using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Runner;

public enum CellState { NotStarted, Partial, Complete, Failed }

/// <summary>
/// One benchmark of a sweep as loaded for its cells: the evaluated items, scorer and the config's stacks built on its
/// splits; or, where its data would not load or verify, the reason (<see cref="Failure"/>) that fails all its cells.
/// </summary>
public sealed record PlannedBenchmark(
    BenchmarkSpec Spec,
    string Label,
    BenchmarkSplits? Splits,
    IReadOnlyList<BenchmarkItem> Items,
    ITaskScorer? Scorer,
    IReadOnlyList<EnhancementStack> Stacks,
    string? Failure);

/// <summary>
/// One cell of a sweep's plan. <see cref="Key"/> (benchmark / model / stack as written) names it stably across processes,
/// so shards agree; <see cref="CellId"/> is the store's content-hash id, known once the checkpoint can be inspected.
/// <see cref="EstimatedFlops"/> is <see cref="CellFlopEstimate"/>'s figure for all of the cell's items (null: unknown).
/// </summary>
public sealed record PlannedCell(
    string Key,
    PlannedBenchmark Benchmark,
    ModelSpec Model,
    string ModelName,
    int StackIndex,
    string StackId,
    string SummaryDirectory,
    int Items,
    string? CellId,
    int Finished,
    double? EstimatedFlops,
    string? Failure)
{
    public CellState State => Failure is not null ? CellState.Failed
        : Finished == 0 ? CellState.NotStarted
        : Finished >= Items ? CellState.Complete
        : CellState.Partial;

    /// <summary>The estimate for the items not yet stored.</summary>
    public double? RemainingFlops => EstimatedFlops is { } all && Items > 0 ? all * (Items - Finished) / Items : EstimatedFlops;
}

/// <summary>A sweep's plan: every cell of benchmarks × models × stacks (<see cref="AllCells"/>) and this process's share (<see cref="Cells"/>).</summary>
public sealed record SweepPlan(
    string ConfigFile,
    string OutputDirectory,
    IReadOnlyList<PlannedBenchmark> Benchmarks,
    IReadOnlyList<PlannedCell> AllCells,
    IReadOnlyList<PlannedCell> Cells,
    ShardSpec? Shard,
    MeasuredThroughput? Throughput);
