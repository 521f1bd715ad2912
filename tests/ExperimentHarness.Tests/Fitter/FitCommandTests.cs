using System.Text.Json;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Fitter;

public class FitCommandTests
{
    private const string Header = "family,model,training_flops,benchmark,stack,accuracy,n";

    private static string Csv(string dir, params string[] rows)
    {
        var path = Path.Combine(dir, "points.csv");
        File.WriteAllLines(path, [Header, .. rows]);
        return path;
    }

    [Fact]
    public async Task PointsCsvProducesJsonMarkdownAndPlot()
    {
        var dir = TestPaths.NewTempDirectory();
        var csv = Csv(dir, "q,0.5B,5.34e22,gsm8k,none,35%,1319", "q,1.5B,1.67e23,gsm8k,none,0.55,1319",
            "q,3B,3.33e23,gsm8k,none,0.65,1319", "q,7B,8.22e23,gsm8k,none,0.78,1319", "q,0.5B,5.34e22,gsm8k,cot,0.45,1319");
        var console = new CapturingConsole();
        Assert.Equal(0, await CliHost.RunAsync(["fit", "--points", csv, "--out", Path.Combine(dir, "out"), "--replicates", "200"], console));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "ceg.json")));
        var point = json.RootElement.GetProperty("points")[0];
        Assert.Equal("cot", point.GetProperty("stack").GetString());
        Assert.Equal("fit", point.GetProperty("kind").GetString());
        Assert.False(point.GetProperty("extrapolated").GetBoolean());
        Assert.InRange(point.GetProperty("ceg").GetDouble(), 1.5, 6);
        Assert.Equal(2, point.GetProperty("ceg_ci95").GetArrayLength());
        Assert.Equal(0.35, json.RootElement.GetProperty("baselines")[0].GetProperty("points")[0].GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(2, json.RootElement.GetProperty("baselines")[0].GetProperty("forms").GetArrayLength());
        Assert.Contains("| `cot` | 0.5B |", File.ReadAllText(Path.Combine(dir, "out", "ceg.md")));
        var png = File.ReadAllBytes(Path.Combine(dir, "out", "ceg-q-gsm8k.png"));
        Assert.True(png.Length > 10_000);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);
    }

    [Fact]
    public async Task AppendixABoundsStateTheirTestCountsAndPValueAndNoisyPairsAreNotListed()
    {
        var dir = TestPaths.NewTempDirectory();
        // cot on s: 66/1319 against l's 0/1319 (a bound); cot on m: 3/1319 against 0/1319 (noise, no bound).
        var csv = Csv(dir, "p,s,1e21,gsm8k,none,0.0,1319", "p,m,1e22,gsm8k,none,0.0,1319", "p,l,6.75e22,gsm8k,none,0.0,1319",
            $"p,s,1e21,gsm8k,cot,{66 / 1319.0:R},1319", $"p,m,1e22,gsm8k,cot,{3 / 1319.0:R},1319");
        var console = new CapturingConsole();
        Assert.Equal(0, await CliHost.RunAsync(["fit", "--points", csv, "--out", Path.Combine(dir, "out"), "--replicates", "0"], console));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "ceg.json")));
        var bound = Assert.Single(json.RootElement.GetProperty("lower_bounds").EnumerateArray());
        Assert.Equal("s", bound.GetProperty("enhanced_model").GetString());
        Assert.Equal(67.5, bound.GetProperty("ceg_at_least").GetDouble(), 9);
        var test = bound.GetProperty("test");
        Assert.Equal("fisher_exact_one_sided", test.GetProperty("method").GetString());
        Assert.Equal(66, test.GetProperty("higher_correct").GetInt32());
        Assert.Equal(0, test.GetProperty("lower_correct").GetInt32());
        Assert.True(test.GetProperty("p_value").GetDouble() < 1e-10);
        Assert.Contains(json.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("on m") && w.GetString()!.Contains("not significant"));
        var md = File.ReadAllText(Path.Combine(dir, "out", "ceg.md"));
        Assert.Contains("| 66/1319 vs 0/1319 | < 1e-4 | 67.5 |", md);
        Assert.DoesNotContain("3/1319 vs 0/1319 |", md);
    }

    [Theory]
    [InlineData("q,a,1e22,gsm8k,none,42,100", "ambiguous")]
    [InlineData("q,a,1e22,gsm8k,none,1.5%x,100", "column 'accuracy'")]
    [InlineData("q,a,lots,gsm8k,none,0.4,100", "column 'training_flops'")]
    [InlineData("q,a,1e22,gsm8k,none,0.4,-3", "column 'n'")]
    [InlineData("q,a,1e22,gsm8k,none,0.4", "6 values for 7 columns")]
    public async Task BadRowsNameLineAndColumn(string row, string message)
    {
        var dir = TestPaths.NewTempDirectory();
        var console = new CapturingConsole();
        var csv = Csv(dir, "q,b,1e21,gsm8k,none,0.3,100", row);
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["fit", "--points", csv, "--out", dir], console));
        Assert.Contains(console.Errors, e => e.Contains("points.csv:3") && e.Contains(message));
        Assert.False(File.Exists(Path.Combine(dir, "ceg.json")));
    }

    [Fact]
    public async Task ResultsDirectoryOfRunSummariesIsFitted()
    {
        var dir = TestPaths.NewTempDirectory();
        void Summary(string name, double flops, string stack, int correct, string? family = "toy")
        {
            var run = Path.Combine(dir, "runs", $"{name}-{stack}");
            Directory.CreateDirectory(run);
            var items = Enumerable.Range(0, 100).ToDictionary(i => $"test-{i}", i => i < correct);
            File.WriteAllText(Path.Combine(run, "summary.json"), JsonSerializer.Serialize(new
            {
                model = new { name, family, training_flops = flops },
                benchmark = new { name = "arith" },
                stack = new { id = stack, hash = "h" },
                n = 100,
                accuracy = correct / 100.0,
                flops = new { inference_total = 1e12, inference_per_item = stack == "none" ? 1e10 : 3e10, one_time = 0.0 },
                item_correct = items,
            }));
        }
        Summary("s", 1e18, "none", 20);
        Summary("m", 1e19, "none", 40);
        Summary("l", 1e20, "none", 60);
        Summary("s", 1e18, "cot", 30);
        Summary("x", 1e18, "cot", 30, family: null);
        var console = new CapturingConsole();
        Assert.Equal(0, await CliHost.RunAsync(["fit", "--results", Path.Combine(dir, "runs"), "--out", Path.Combine(dir, "fit"), "--replicates", "100"], console));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "fit", "ceg.json")));
        var point = Assert.Single(json.RootElement.GetProperty("points").EnumerateArray());
        Assert.Equal(Math.Pow(10, 0.5), point.GetProperty("ceg").GetDouble(), 6);
        Assert.Equal("paired_bootstrap", point.GetProperty("interval_method").GetString());
        Assert.Equal(3, point.GetProperty("inference_cost_multiple").GetDouble(), 9);
        Assert.Contains(json.RootElement.GetProperty("skipped_inputs").EnumerateArray(), s => s.GetString()!.Contains("model.family"));
    }

    [Fact]
    public async Task TheChanceFloorComesFromTheCsvAnswerFormatAndAnUnclassifiedTaskIsAnError()
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "points.csv");
        string[] rows = ["q,s,1e21,mmlu,none,0.30,1000", "q,m,1e22,mmlu,none,0.45,1000", "q,l,1e23,mmlu,none,0.60,1000", "q,s,1e21,mmlu,cot,0.40,1000"];
        File.WriteAllLines(path, [Header + ",answer_format", .. rows.Select(r => r + ",multiple_choice:4")]);
        var console = new CapturingConsole();
        Assert.Equal(0, await CliHost.RunAsync(["fit", "--points", path, "--out", Path.Combine(dir, "out"), "--replicates", "0"], console));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "ceg.json")));
        var baseline = json.RootElement.GetProperty("baselines")[0];
        Assert.Equal(0.25, baseline.GetProperty("chance").GetDouble(), 12);
        Assert.Contains("multiple choice, 4 options", baseline.GetProperty("chance_basis").GetString());
        var logistic = baseline.GetProperty("forms").EnumerateArray().Single(f => f.GetProperty("form").GetString() == "logistic");
        Assert.Equal(0.25, logistic.GetProperty("parameters").GetProperty("chance").GetDouble(), 12);

        File.WriteAllLines(path, [Header, .. rows]);
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["fit", "--points", path, "--out", Path.Combine(dir, "out2")], console));
        Assert.Contains(console.Errors, e => e.Contains("points.csv:2") && e.Contains("'mmlu'") && e.Contains("answer_format"));

        File.WriteAllLines(path, [Header + ",answer_format", rows[0] + ",multiple_choice"]);
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["fit", "--points", path, "--out", Path.Combine(dir, "out3")], console));
        Assert.Contains(console.Errors, e => e.Contains("column 'answer_format'") && e.Contains("multiple_choice:K"));
    }

    [Fact]
    public async Task RunSummariesCarryTheirChanceRateAndOldOnesOfUnknownTasksAreRefused()
    {
        var dir = TestPaths.NewTempDirectory();
        void Summary(string name, double flops, string stack, int correct, bool withFormat)
        {
            var run = Path.Combine(dir, "runs", $"{name}-{stack}");
            Directory.CreateDirectory(run);
            object benchmark = withFormat ? new { name = "custom", answer_format = "multiple_choice", chance = 0.25 } : new { name = "custom" };
            File.WriteAllText(Path.Combine(run, "summary.json"), JsonSerializer.Serialize(new
            {
                model = new { name, family = "toy", training_flops = flops },
                benchmark,
                stack = new { id = stack, hash = "h" },
                n = 100,
                accuracy = correct / 100.0,
                flops = new { inference_total = 1e12, inference_per_item = 1e10, one_time = 0.0 },
                item_correct = Enumerable.Range(0, 100).ToDictionary(i => $"test-{i}", i => i < correct),
            }));
        }
        Summary("s", 1e18, "none", 30, true);
        Summary("m", 1e19, "none", 45, true);
        Summary("l", 1e20, "none", 60, true);
        Summary("s", 1e18, "cot", 40, true);
        var console = new CapturingConsole();
        Assert.Equal(0, await CliHost.RunAsync(["fit", "--results", Path.Combine(dir, "runs"), "--out", Path.Combine(dir, "fit"), "--replicates", "0"], console));
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "fit", "ceg.json"))))
        {
            var baseline = json.RootElement.GetProperty("baselines")[0];
            Assert.Equal(0.25, baseline.GetProperty("chance").GetDouble(), 12);
            Assert.StartsWith("run summary: multiple_choice", baseline.GetProperty("chance_basis").GetString());
        }

        Summary("s", 1e18, "none", 30, false);
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["fit", "--results", Path.Combine(dir, "runs"), "--out", Path.Combine(dir, "fit2")], console));
        Assert.Contains(console.Errors, e => e.Contains("benchmark 'custom'") && e.Contains("answer_format"));
    }

    [Fact]
    public async Task SeedPaperModeForcesLogLinearAndLabelsTheExtrapolationWhileTheDefaultOutputHasNone()
    {
        var dir = TestPaths.NewTempDirectory();
        var csv = Csv(dir, "q,a,1e20,gsm8k,none,0.10,1000", "q,b,1e21,gsm8k,none,0.25,1000", "q,c,1e22,gsm8k,none,0.40,1000",
            "q,d,1e23,gsm8k,none,0.55,1000", "q,b,1e21,gsm8k,cot,0.70,1000");
        var console = new CapturingConsole();
        Assert.Equal(0, await CliHost.RunAsync(["fit", "--points", csv, "--out", Path.Combine(dir, "plain"), "--replicates", "0"], console));
        Assert.DoesNotContain("extrapolated_ceg", File.ReadAllText(Path.Combine(dir, "plain", "ceg.json")));
        Assert.DoesNotContain("extrapolated ≈", File.ReadAllText(Path.Combine(dir, "plain", "ceg.md")));

        Assert.Equal(0, await CliHost.RunAsync(["fit", "--points", csv, "--out", Path.Combine(dir, "paper"), "--replicates", "0",
            "--baseline", "loglinear", "--extrapolate"], console));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "paper", "ceg.json")));
        var point = json.RootElement.GetProperty("points")[0];
        Assert.Equal("lower_bound", point.GetProperty("kind").GetString());
        Assert.Equal(100, point.GetProperty("ceg").GetDouble(), 6);
        Assert.Equal(1000, point.GetProperty("extrapolated_ceg").GetDouble(), 6);
        Assert.Equal("log_linear", point.GetProperty("fit_form").GetString());
        Assert.Equal("log_linear", json.RootElement.GetProperty("options").GetProperty("baseline").GetString());
        Assert.True(json.RootElement.GetProperty("options").GetProperty("extrapolate").GetBoolean());
        var md = File.ReadAllText(Path.Combine(dir, "paper", "ceg.md"));
        Assert.Contains("≥ 100 (beyond the largest baseline); extrapolated ≈ 1000 (log_linear curve, not measured)", md);
        Assert.Contains("forced by --baseline loglinear", md);

        Assert.NotEqual(0, await CliHost.RunAsync(["fit", "--points", csv, "--out", Path.Combine(dir, "bad"), "--baseline", "cubic"], console));
    }

    [Fact]
    public async Task NeedsExactlyOneInput()
    {
        var console = new CapturingConsole();
        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["fit", "--out", TestPaths.NewTempDirectory()], console));
        Assert.Contains(console.Errors, e => e.Contains("exactly one of --points"));
    }
}
