using System.Text.Json;
using ExperimentHarness.Fitter;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Fitter;

/// <summary>Where the fitter gets a stack's elements: a run summary's stack.elements, or a points CSV's '+'-joined names.</summary>
public class StackElementsInputTests
{
    [Fact]
    public void RunSummariesGiveTheElementsTheRunStored()
    {
        var runs = TestPaths.NewTempDirectory();
        foreach (var (dir, id, elements) in new[] { ("a", "none", Array.Empty<string>()), ("b", "fewshot(ids=x+y)+cot", new[] { "fewshot(ids=x+y)", "cot" }) })
        {
            Directory.CreateDirectory(Path.Combine(runs, dir));
            File.WriteAllText(Path.Combine(runs, dir, "summary.json"), JsonSerializer.Serialize(new
            {
                model = new { name = dir, family = "toy", training_flops = 1e18 },
                benchmark = new { name = "arith" },
                stack = new { id, hash = "h", elements },
                n = 2,
                accuracy = 0.5,
                flops = new { inference_total = 1e12, inference_per_item = 1e10, one_time = 0.0 },
                item_correct = new Dictionary<string, bool> { ["test-0"] = true, ["test-1"] = false },
            }));
        }
        var (points, _) = ResultsReader.Read(runs);
        Assert.Empty(points.Single(p => p.Model == "a").Elements);
        Assert.Equal(["fewshot(ids=x+y)", "cot"], points.Single(p => p.Model == "b").Elements);
    }

    [Fact]
    public void APointsCsvNamesTheElementsJoinedByPlus()
    {
        var csv = Path.Combine(TestPaths.NewTempDirectory(), "points.csv");
        File.WriteAllLines(csv, ["family,model,training_flops,benchmark,stack,accuracy", "toy,s,1e18,arith,none,0.2", "toy,s,1e18,arith,cot + majority,0.3"]);
        var points = PointsCsvReader.Read(csv);
        Assert.Empty(points[0].Elements);
        Assert.Equal(["cot", "majority"], points[1].Elements);
    }
}
