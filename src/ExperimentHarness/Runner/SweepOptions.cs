namespace ExperimentHarness.Runner;

/// <summary>
/// How a sweep runs: <see cref="DryRun"/> prints the plan and writes nothing; <see cref="Shard"/> keeps one share of the cells;
/// <see cref="BeforeCell"/> is called as each cell starts (tests use it to stop a sweep at a chosen point).
/// </summary>
public sealed record SweepOptions(bool DryRun = false, ShardSpec? Shard = null, Action<PlannedCell>? BeforeCell = null);
