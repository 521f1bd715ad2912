using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Tests.Support;
using ExperimentHarness.Training;

namespace ExperimentHarness.Tests.Training;

public class FamilyConfigAndPlanTests
{
    [Fact]
    public void ShippedFamilyConfigReadsWithItsDocumentedChoices()
    {
        var config = TrainFamilyConfigReader.Load(Path.Combine(TestPaths.RepoRoot, "configs", "family-arith.yaml"));
        Assert.Equal("arith-llama", config.Family);
        Assert.Equal(AllocationRule.ComputeOptimal, config.Allocation.Rule);
        Assert.True(config.Budgets.Count >= 4);
        Assert.Equal(Path.Combine(TestPaths.RepoRoot, "families"), config.ModelsRoot);
        Assert.Equal(Path.Combine(TestPaths.RepoRoot, "models.lock.json"), config.LockFile);
    }

    [Fact]
    public void EveryProblemOfABadConfigIsReportedAtOnceWithItsKey()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = Path.Combine(dir, "bad.yaml");
        File.WriteAllText(file, """
            family: ../escape
            budgets: [1e12, 1e12]
            allocation: {rule: fixed_tokens}
            corpus: {kind: arith, steps: 3-1, colour: red}
            batch_tokens: 1000
            sequence_length: 192
            learning_rate: 1
            """);
        var ex = Assert.Throws<ConfigException>(() => TrainFamilyConfigReader.Load(file));
        var keys = ex.Problems.Select(p => p.Key).ToList();
        foreach (var key in new[] { "family", "budgets", "allocation.tokens", "corpus.steps", "corpus.colour", "batch_tokens", "learning_rate" })
            Assert.Contains(key, keys);
        Assert.All(ex.Problems, p => Assert.Equal(file, p.File));
    }

    [Theory]
    [InlineData(10.0)]
    [InlineData(30.0)]
    public void ComputeOptimalMembersGetTokensNearTheRatioAndSpendTheirBudgetByTheLedger(double ratio)
    {
        var config = TinyFamily.Write("[1e11, 1e12, 1e13]") with
        {
            Allocation = new AllocationSpec(AllocationRule.ComputeOptimal, [ratio], null),
            Shape = new ShapeRuleSpec(48, 16, 2),
        };
        var plans = FamilyPlan.Make(config, vocab: 300);
        Assert.Equal(["1e11", "1e12", "1e13"], plans.Select(p => p.Name));
        foreach (var p in plans)
        {
            // The shape grid is coarse (d in steps of 16) so D/N lands within a factor of 2 of the ratio, never further.
            var achieved = p.Tokens / MemberShape.NonEmbeddingParameters(p.Shape);
            Assert.InRange(achieved, ratio / 2, ratio * 2);
            Assert.True(p.PlannedFlops <= p.Budget && p.PlannedFlops > p.Budget - p.StepFlops, $"{p.Name}: planned {p.PlannedFlops} of {p.Budget}");
            Assert.Equal(3.0 * p.Rows * new FlopLedger(p.Shape).CausalPrefill(p.SequenceLength, p.SequenceLength), p.StepFlops);
        }
        Assert.True(plans[2].Shape.Hidden > plans[0].Shape.Hidden, "a larger budget buys a wider model");
    }

    [Fact]
    public void FixedTokensGivesEveryMemberAboutTheSameTokensAndIsoFlopOneCandidatePerRatio()
    {
        var fixedTokens = TinyFamily.Write("[1e11, 1e12]") with { Allocation = new AllocationSpec(AllocationRule.FixedTokens, [], 2e6) };
        var plans = FamilyPlan.Make(fixedTokens, 300);
        Assert.All(plans, p => Assert.InRange(p.Tokens, 1e6, 4e6));

        var iso = TinyFamily.Write("[1e11]") with { Allocation = new AllocationSpec(AllocationRule.IsoFlop, [5, 50], null) };
        var candidates = FamilyPlan.Make(iso, 300);
        Assert.Equal(["1e11-r5", "1e11-r50"], candidates.Select(p => p.Name));
        Assert.All(candidates, p => Assert.Equal("1e11", p.Member));
        Assert.True(candidates[0].Shape.Hidden > candidates[1].Shape.Hidden, "fewer tokens per parameter: a larger model");
    }

    [Fact]
    public void LearningRateWarmsUpLinearlyThenDecaysByCosineToItsFloor()
    {
        var schedule = new LearningRateSchedule(new OptimizerSpec(1e-3, 0.9, 0.95, 0.1, 1, 0.1, 0.1), 100);
        Assert.Equal(1e-4, schedule.At(0), 12);
        Assert.Equal(1e-3, schedule.At(9), 12);
        Assert.Equal(1e-4 + 0.9e-3 * 0.5 * (1 + Math.Cos(Math.PI * 45 / 90.0)), schedule.At(55), 12);
        Assert.InRange(schedule.At(99), 1e-4, 1e-4 + 1e-6);   // one step short of the end of the cosine: at the floor within 0.3 %
    }
}
