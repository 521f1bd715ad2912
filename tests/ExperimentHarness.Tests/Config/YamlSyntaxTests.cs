using ExperimentHarness.Config;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Config;

/// <summary>Broken YAML is one config problem naming the file, the key or document, and the right line; never another exception type.</summary>
public class YamlSyntaxTests
{
    private const string File = "/cfg/broken.yaml";

    private static ConfigProblem Problem(string yaml)
    {
        var ex = Record.Exception(() => RunConfigReader.Parse(yaml, File));
        var config = Assert.IsType<ConfigException>(ex);
        Assert.DoesNotContain("   at ", config.Message);
        return Assert.Single(config.Problems);
    }

    [Theory]
    [InlineData("model: {path: m\nbenchmark: {name: arith}\n")]
    [InlineData("model: {path: m}\nbenchmark: {name: arith}\nstack: [cot, fewshot(k=2)\n")]
    [InlineData("model: {path: m}\nbenchmark: {name: arith}\nstack: [cot\n")]
    [InlineData("model: {path: m}\nbenchmark: {name: arith}\nstack: [")]
    [InlineData("model: {path: m}\nbenchmark: {name: arith\n")]
    public void UnclosedBracketsAreOneSyntaxProblem(string yaml)
    {
        var problem = Problem(yaml);
        Assert.Equal(File, problem.File);
        Assert.Equal("(document)", problem.Key);
        Assert.NotNull(problem.Line);
    }

    [Fact]
    public void ListAsAStackElementKeyIsNamed()
    {
        var problem = Problem("model: {path: m}\nbenchmark: {name: arith}\nstack:\n  - ? [a, b]\n    : {k: 1}\n");
        Assert.Equal("stack[0]", problem.Key);
        Assert.Equal(4, problem.Line);
    }

    [Fact]
    public void ListAsAParameterKeyIsNamed()
    {
        var problem = Problem("model: {path: m}\nbenchmark: {name: arith}\nstack:\n  - fewshot: {[k]: 1}\n");
        Assert.StartsWith("stack[0].fewshot", problem.Key);
    }

    [Fact]
    public void NonScalarKeysElsewhereAreProblems()
    {
        var problem = Problem("model: {path: m}\nbenchmark: {name: arith, options: {[a]: 1}}\n");
        Assert.StartsWith("benchmark.options", problem.Key);
        var top = Problem("model: {path: m}\nbenchmark: {name: arith}\n[x]: 1\n");
        Assert.Equal(3, top.Line);
    }

    [Fact]
    public void TabIndentationIsReportedAtItsLine()
    {
        var problem = Problem("model:\n  path: m\nbenchmark:\n\tname: arith\n");
        Assert.Equal(4, problem.Line);
        Assert.Contains("tab", problem.Got, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TabIndentationInANestedBlockIsReportedAtItsLine()
    {
        var problem = Problem("model:\n  path: m\nbenchmark:\n  name: arith\n  options:\n  \tsteps: 3\n");
        Assert.Equal(6, problem.Line);
    }

    [Fact]
    public void ConfigExceptionIsAnInputException() => Assert.IsAssignableFrom<InputException>(new ConfigException([]));
}
