using ExperimentHarness.Foundation;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

public class ShardAssignmentTests
{
    [Fact]
    public void ShardsAreDisjointCoverEveryCellAndBalanceFlopsNotCounts()
    {
        // One expensive cell and many cheap ones: equal counts would put the expensive one beside half the cheap ones.
        var cells = new List<(string Key, double Flops)> { ("big", 100) };
        cells.AddRange(Enumerable.Range(0, 20).Select(i => ($"small-{i:D2}", 5.0)));
        var assignment = ShardAssignment.Assign(cells, 2);

        Assert.Equal(cells.Select(c => c.Key).Order(), assignment.Keys.Order());
        Assert.All(assignment.Values, s => Assert.InRange(s, 1, 2));
        var load = Enumerable.Range(1, 2).Select(s => cells.Where(c => assignment[c.Key] == s).Sum(c => c.Flops)).ToList();
        Assert.Equal([100.0, 100.0], load);
        Assert.Equal(1, cells.Count(c => assignment[c.Key] == 1));     // the big cell alone on shard 1

        // Deterministic whatever the input order.
        var shuffled = cells.OrderBy(c => ContentHash.Of(c.Key)).ToList();
        Assert.Equal(assignment, ShardAssignment.Assign(shuffled, 2));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    public void LargestShardStaysWithinTheLptBound(int shards)
    {
        var cells = Enumerable.Range(0, 40).Select(i => ($"c{i}", (double)(1 + (i * 37 % 23)))).ToList();
        var assignment = ShardAssignment.Assign(cells, shards);
        var loads = Enumerable.Range(1, shards).Select(s => cells.Where(c => assignment[c.Item1] == s).Sum(c => c.Item2)).ToList();
        var lowerBound = Math.Max(cells.Sum(c => c.Item2) / shards, cells.Max(c => c.Item2));
        Assert.True(loads.Max() <= 4.0 / 3 * lowerBound, $"loads {string.Join(", ", loads)}, best possible ≥ {lowerBound}");
        Assert.Equal(cells.Count, assignment.Count);
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/0")]
    [InlineData("a/b")]
    [InlineData("1/2/3")]
    [InlineData("-1/2")]
    public void BadShardIsOneClearLine(string text)
    {
        var ex = Assert.Throws<InputException>(() => ShardSpec.Parse(text));
        Assert.Equal($"--shard '{text}': expected i/n with 1 <= i <= n, e.g. 2/3", ex.Message);
    }

    [Fact]
    public void PlannedShardsOfASweepPartitionItsCells()
    {
        var dir = TestPaths.NewTempDirectory();
        var config = Path.Combine(dir, "s.yaml");
        File.WriteAllText(config, """
            models: [{path: ./m1}, {path: ./m2}, {path: ./m5}]
            benchmarks: [{name: toy, limit: 4}, {name: other, limit: 8}]
            stacks: [[], ["majority(n=4)"], [cot]]
            output: {dir: out}
            """);
        var job = new RunJob(new FakeModelLoader(new ScriptedEngine((_, _) => "")), new FakeBenchmarkLoader(10), new CapturingConsole(), inspector: new FakeCheckpointInspector());
        var plans = Enumerable.Range(1, 3).Select(i => job.Sweep(config, new RunOverrides(null, null, null, null),
            new SweepOptions(DryRun: true, Shard: new ShardSpec(i, 3)), CancellationToken.None).Plan).ToList();
        var all = plans[0].AllCells.Select(c => c.Key).ToList();
        Assert.Equal(18, all.Count);
        var shardKeys = plans.SelectMany(p => p.Cells.Select(c => c.Key)).ToList();
        Assert.Equal(all.Order(), shardKeys.Order());           // disjoint and covering
        var loads = plans.Select(p => p.Cells.Sum(c => c.EstimatedFlops!.Value)).ToList();
        var total = loads.Sum();
        Assert.True(loads.Max() <= 4.0 / 3 * Math.Max(total / 3, plans[0].AllCells.Max(c => c.EstimatedFlops!.Value)));
    }
}
