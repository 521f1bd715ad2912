using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

public class SelectorSamplingTests
{
    private static string WriteConfig(string dir, string stacks)
    {
        var path = Path.Combine(dir, "job.yaml");
        File.WriteAllText(path, $"model: {{path: ./model}}\nbenchmark: {{name: toy}}\nstacks: {stacks}\n" +
            "generation: {max_new_tokens: 8, temperature: 0, top_p: 1.0}\noutput: {dir: out}\n");
        return path;
    }

    [Fact]
    public void TheSummaryReportsTheVotesTemperatureWhichIsWhatTheEngineWasAskedFor()
    {
        var dir = TestPaths.NewTempDirectory();
        var engine = new ScriptedEngine((r, _) => " The answer is 1.");
        var summaries = new RunJob(new FakeModelLoader(engine), new FakeBenchmarkLoader(2), new CapturingConsole())
            .ExecuteAll(WriteConfig(dir, "[[\"majority(n=3, temperature=0.5, top_p=0.9)\"], []]"), new RunOverrides(null, null, null, null), CancellationToken.None);

        Assert.All(engine.Seen.Take(2), r => Assert.Equal((0.5, 0.9), (r.Sampling.Temperature, r.Sampling.TopP)));
        Assert.Equal((0.5, 0.9), (summaries[0].Generation.Temperature, summaries[0].Generation.TopP));
        Assert.Equal("majority(n=3,temperature=0.5,top_p=0.9)", summaries[0].Generation.SamplingFrom);
        Assert.All(engine.Seen.Skip(2), r => Assert.Equal(0, r.Sampling.Temperature));
        Assert.Equal((0.0, "generation"), (summaries[1].Generation.Temperature, summaries[1].Generation.SamplingFrom));
    }

    [Fact]
    public void OneStackWrittenInTwoOrdersIsOneCellAndRunsOnce()
    {
        var dir = TestPaths.NewTempDirectory();
        var engine = new ScriptedEngine((r, _) => " The answer is 1.");
        var summaries = new RunJob(new FakeModelLoader(engine), new FakeBenchmarkLoader(2), new CapturingConsole())
            .ExecuteAll(WriteConfig(dir, "[[cot, \"fewshot(k=2)\"], [\"fewshot(k=2)\", cot]]"), new RunOverrides(null, null, null, null), CancellationToken.None);

        Assert.Equal(summaries[0].Cell, summaries[1].Cell);
        Assert.Equal("fewshot(k=2,seed=1234)+cot", summaries[1].Stack.Id);
        Assert.Equal(2, engine.Seen.Count);                   // the second spelling resumes the first's items
    }
}
