using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Config;

/// <summary>Every config in configs/ is valid and its stack builds against its benchmark.</summary>
public class ShippedConfigsTests
{
    public static TheoryData<string> Configs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "configs"), "*.yaml").Order())
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void ConfigIsValidAndItsStackBuilds(string name)
    {
        var config = RunConfigReader.Load(Path.Combine(TestPaths.RepoRoot, "configs", name));
        // Shipped configs point at data/ (filled by scripts/fetch-data); tests read the same files from ../shared/data.
        var path = config.Benchmark.Path is null ? null : Path.Combine(TestPaths.SharedData, Path.GetFileName(config.Benchmark.Path));
        var splits = BenchmarkCatalog.Get(config.Benchmark.Name).Load(new BenchmarkRequest(config.Benchmark.Name, path, config.Benchmark.Options));
        foreach (var elements in config.Stacks)
            Assert.Equal(elements.Count, EnhancementCatalog.Build(elements, new StackContext(splits, config.Seed)).Elements.Count);
        Assert.NotEmpty(config.Benchmark.Split == "train" ? splits.Train : splits.Test);
    }
}
