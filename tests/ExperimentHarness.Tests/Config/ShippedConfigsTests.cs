using ExperimentHarness.Benchmarks;
using ExperimentHarness.Scoring;
using ExperimentHarness.Config;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Config;

/// <summary>Every run config in configs/ is valid and its stack builds against its benchmark; every family-*.yaml is a valid train-family config.</summary>
public class ShippedConfigsTests
{
    public static TheoryData<string> Configs() => Named(f => !f.StartsWith("family-", StringComparison.Ordinal));

    public static TheoryData<string> FamilyConfigs() => Named(f => f.StartsWith("family-", StringComparison.Ordinal));

    private static TheoryData<string> Named(Func<string, bool> keep)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "configs"), "*.yaml").Select(Path.GetFileName).Order())
            if (keep(file!)) data.Add(file!);
        return data;
    }

    [Theory]
    [MemberData(nameof(FamilyConfigs))]
    public void FamilyConfigIsValidAndPlansEveryBudget(string name)
    {
        var config = TrainFamilyConfigReader.Load(Path.Combine(TestPaths.RepoRoot, "configs", name));
        Assert.Equal(config.Budgets.Count, ExperimentHarness.Training.FamilyPlan.Make(config, 256 + config.Tokenizer.Merges + 1).Count);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void ConfigIsValidAndItsStackBuilds(string name)
    {
        var config = RunConfigReader.Load(Path.Combine(TestPaths.RepoRoot, "configs", name));
        // Shipped configs point at data/ (filled by scripts/fetch-data); tests read the same files from ../shared/data.
        var path = config.Benchmark.Path is null ? null : Path.Combine(TestPaths.SharedData, Path.GetFileName(config.Benchmark.Path));
        var splits = TaskRegistry.Source(config.Benchmark.Name).Load(new BenchmarkRequest(config.Benchmark.Name, path, config.Benchmark.Options));
        foreach (var elements in config.Stacks)
            Assert.Equal(elements.Count, EnhancementCatalog.Build(elements, new StackContext(splits, config.Seed)).Elements.Count);
        Assert.NotEmpty(config.Benchmark.Split == "train" ? splits.Train : splits.Test);
        // Models named by lock entry exist in models.lock.json (their weights are fetched on a user's machine).
        foreach (var model in config.Models.Where(m => m.Lock is not null))
            Assert.NotNull(ExperimentHarness.Runner.LockedModelResolver.Entry(model.Lock!, Path.Combine(TestPaths.RepoRoot, "models.lock.json")).Member.TrainingFlops);
    }
}
