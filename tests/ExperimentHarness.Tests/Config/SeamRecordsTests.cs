using System.Text.Json;
using ExperimentHarness.Config;
using ExperimentHarness.Fitter;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Tests.Config;

/// <summary>Run mode, CEG kind, accuracy and the dtype default: one typed value each, spelt in files as before.</summary>
public class SeamRecordsTests
{
    private const string File = "/configs/t.yaml";

    [Fact]
    public void TheRunModeIsParsedOnceIntoAnEnumAndABadOneNamesTheKey()
    {
        Assert.Equal(RunMode.Generate, RunConfigReader.Parse("model: {path: m}\nbenchmark: {name: arith}\n", File).Benchmark.Mode);
        Assert.Equal(RunMode.LogLikelihood, RunConfigReader.Parse("model: {path: m}\nbenchmark: {name: aqua, mode: loglikelihood}\n", File).Benchmark.Mode);
        var problem = Assert.Single(Assert.Throws<ConfigException>(() =>
            RunConfigReader.Parse("model: {path: m}\nbenchmark: {name: aqua, mode: sampling}\n", File)).Problems);
        Assert.Equal("benchmark.mode", problem.Key);
        Assert.Contains("loglikelihood", problem.Expected);
    }

    /// <summary>Summaries, ceg.json and cell keys keep the spellings they had as strings.</summary>
    [Fact]
    public void EnumsKeepTheirFormerSpellings()
    {
        Assert.Equal("\"loglikelihood\"", JsonSerializer.Serialize(RunMode.LogLikelihood));
        Assert.Equal("generate", RunMode.Generate.Name());
        Assert.Equal("loglikelihood", RunMode.LogLikelihood.Name());
        Assert.Equal(["\"fit\"", "\"lower_bound\"", "\"upper_bound\"", "\"refused\""],
            new[] { CegKind.Fit, CegKind.LowerBound, CegKind.UpperBound, CegKind.Refused }.Select(k => JsonSerializer.Serialize(k)));
    }

    [Fact]
    public void AccuracyIsTheShareCorrectWithItsWilsonIntervalAndInvalidShare()
    {
        var a = AccuracySummary.Of(correct: 3, invalid: 1, n: 10);
        Assert.Equal(0.3, a.Accuracy);
        Assert.Equal(WilsonInterval.Of(3, 10), a.Ci95);
        Assert.Equal(3, a.Correct);
        Assert.Equal(0.1, a.InvalidRate);
        var none = AccuracySummary.Of(0, 0, 0);
        Assert.Equal((0.0, 0.0), (none.Accuracy, none.InvalidRate));
        Assert.Equal([0.0, 1.0], none.Ci95);
    }

    [Fact]
    public void TheDTypeDefaultDependsOnlyOnTheDevice()
    {
        Assert.Equal("bfloat16", ConfigDefaults.DTypeFor("cuda"));
        Assert.Equal("float32", ConfigDefaults.DTypeFor("cpu"));
        Assert.Equal("bfloat16", RunConfigReader.Parse("model: {path: m, device: cuda}\nbenchmark: {name: arith}\n", File).Model.DType);
    }
}
