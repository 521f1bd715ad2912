using ExperimentHarness.Benchmarks;
using ExperimentHarness.Engine;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

/// <summary>Long one-time phases (embedding a retrieval corpus, training a verifier head) report progress, and the console shows it at most every few seconds.</summary>
public class PhaseProgressTests
{
    private sealed class Collected : IProgress<PhaseProgress>
    {
        public List<PhaseProgress> Reports { get; } = [];
        public void Report(PhaseProgress value) => Reports.Add(value);
    }

    [Fact]
    public void ThePrinterIsSilentForAShortPhaseAndThrottlesALongOne()
    {
        var now = TimeSpan.Zero;
        var console = new CapturingConsole();
        var printer = new PhaseProgressPrinter(console, TimeSpan.FromSeconds(3), () => now);

        for (var i = 1; i <= 10; i++) { now += TimeSpan.FromMilliseconds(100); printer.Report(new PhaseProgress("quick", i, 10, "texts embedded")); }
        Assert.Empty(console.Lines);

        // The phase starts at its first report (t = 1 s); lines at 3 s intervals from there, and its last report.
        for (var i = 1; i <= 9; i++) { now += TimeSpan.FromSeconds(1); printer.Report(new PhaseProgress("retrieval index", i * 100, 900, "texts embedded")); }
        Assert.Equal([
            "retrieval index: 400/900 texts embedded",
            "retrieval index: 700/900 texts embedded",
            "retrieval index: 900/900 texts embedded",        // the end of a phase that printed anything, 2 s after the last line
        ], console.Lines);
    }

    [Fact]
    public void BuildingARetrievalIndexReportsTextsEmbeddedAndACachedIndexReportsNothing()
    {
        var corpus = Enumerable.Range(0, 600).Select(i => new BenchmarkItem($"t{i}", $"What is {i} + {i}?", $"{2 * i}")).ToList();
        var cache = TestPaths.NewTempDirectory();
        var progress = new Collected();

        RetrievalIndex.LoadOrBuild(new DigitEmbedder(), corpus, cache, CancellationToken.None, out var built, progress);

        Assert.True(built);
        Assert.Equal([256L, 512L, 600L], progress.Reports.Select(r => r.Done));
        Assert.All(progress.Reports, r => Assert.Equal(("retrieval index", 600L, "texts embedded"), (r.Phase, r.Total, r.Unit)));

        var again = new Collected();
        RetrievalIndex.LoadOrBuild(new DigitEmbedder(), corpus, cache, CancellationToken.None, out built, again);
        Assert.False(built);
        Assert.Empty(again.Reports);
    }

    [Fact]
    public void TrainingAVerifierHeadReportsEachEpoch()
    {
        var features = Enumerable.Range(0, 80).Select(i => new[] { i % 2 == 0 ? 1f : -1f, i / 80f }).ToList();
        var labels = Enumerable.Range(0, 80).Select(i => i % 2 == 0).ToList();
        var groups = Enumerable.Range(0, 80).Select(i => i / 4).ToList();
        var progress = new Collected();

        var head = new LogisticHeadTrainer().Train(features, labels, groups, 3, "test", progress);

        Assert.NotEmpty(progress.Reports);
        Assert.Equal(Enumerable.Range(1, progress.Reports.Count).Select(e => (long)e), progress.Reports.Select(r => r.Done));
        Assert.All(progress.Reports, r => Assert.Equal("verifier head", r.Phase));
        Assert.True(head.Epochs <= progress.Reports.Count);
    }
}
