using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Runner;
using ExperimentHarness.Scoring;
using ExperimentHarness.Tests.Support;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Runner;

public class LogLikelihoodRunTests
{
    /// <summary>Prefers the option whose text is "right"; "right" is also the longest option of item q1, which matters for acc_norm.</summary>
    private sealed class ScriptedScorer : IContinuationScorer
    {
        public List<string> Contexts { get; } = [];

        public IReadOnlyList<IReadOnlyList<ContinuationScore>> ScoreMany(IReadOnlyList<ContinuationRequest> requests, CancellationToken ct)
        {
            Contexts.AddRange(requests.Select(r => r.Context));
            return requests.Select(r => (IReadOnlyList<ContinuationScore>)r.Continuations
                .Select(c => new ContinuationScore(c.Trim() == "right" ? -1.0 : -2.0 * c.Length, 1, new Flops(5, 5))).ToList()).ToList();
        }
    }

    private sealed class ChoiceBenchmark : IBenchmarkLoader
    {
        public BenchmarkSplits Load(BenchmarkRequest request) => new("mc",
            [new BenchmarkItem("t0", "Train question?", "A", null, ["right", "no"])],
            [new BenchmarkItem("q0", "First?", "B", null, ["x", "right", "yy"]),
             new BenchmarkItem("q1", "Second?", "B", null, ["right", "a"])]);

        public ITaskScorer ScorerFor(string task) => TaskRegistry.Scorer("aqua");
    }

    [Fact]
    public void PicksTheMostLikelyOptionWithBarePromptsAndRejectsSamplingStacks()
    {
        var dir = TestPaths.NewTempDirectory();
        var config = Path.Combine(dir, "mc.yaml");
        File.WriteAllText(config, "model: {path: m}\nbenchmark: {name: mc, mode: loglikelihood}\nstack: [fewshot(k=1)]\noutput: {dir: out}\n");
        var scorer = new ScriptedScorer();
        var job = new RunJob(new FakeModelLoader(new ScriptedEngine((_, _) => ""), scorer), new ChoiceBenchmark(), new CapturingConsole());
        var summary = job.ExecuteAll(config, new RunOverrides(null, null, null, null), CancellationToken.None).Single();

        Assert.Equal(RunMode.LogLikelihood, summary.Mode);
        Assert.Equal(2, summary.N);
        Assert.Equal(0.5, summary.Accuracy);                  // q0: "right" = B correct; q1: "right" = A, gold B
        Assert.Equal(12.5, summary.Flops.InferencePerItem, 9); // 3 and 2 options × 5 FLOPs: (15 + 10) / 2
        Assert.Equal(AnswerKind.MultipleChoice, summary.Benchmark.AnswerFormat);
        Assert.Equal((1 / 3.0 + 1 / 2.0) / 2, summary.Benchmark.Chance!.Value, 12);   // guessing among each item's own options
        Assert.DoesNotContain(scorer.Contexts, c => c.Contains("Answer Choices"));
        Assert.Contains(scorer.Contexts, c => c.StartsWith("Problem: Train question?\nAnswer: The answer is A.", StringComparison.Ordinal));

        File.WriteAllText(config, "model: {path: m}\nbenchmark: {name: mc, mode: loglikelihood}\nstack: [\"majority(n=4)\"]\noutput: {dir: out2}\n");
        var ex = Assert.Throws<InputException>(() => job.ExecuteAll(config, new RunOverrides(null, null, null, null), CancellationToken.None).Single());
        Assert.Contains("majority", ex.Message);
    }
}
