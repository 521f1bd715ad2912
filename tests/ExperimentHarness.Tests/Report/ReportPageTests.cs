using System.Text.RegularExpressions;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Report;
using ExperimentHarness.Runner;
using ExperimentHarness.Store;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Report;

public class ReportPageTests
{
    private static async Task<(string Html, CapturingConsole Console)> Report(string results, string dir, params string[] extra)
    {
        var out_ = Path.Combine(dir, "page-" + Guid.NewGuid().ToString("N")[..8]);
        var console = new CapturingConsole();
        var code = await CliHost.RunAsync(["report", "--results", results, "--out", out_, "--replicates", "50", .. extra], console);
        Assert.True(code == 0, string.Join("\n", console.Errors));
        return (File.ReadAllText(Path.Combine(out_, "report.html")), console);
    }

    [Fact]
    public async Task PageIsSelfContainedHasEverySectionAndEscapesResults()
    {
        var dir = TestPaths.NewTempDirectory();
        var results = SmallSweep.Run(dir);
        var (html, _) = await Report(results, dir);

        Assert.DoesNotMatch(new Regex(@"(src|href)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"<(script|link|iframe|object|embed)\b|url\(", RegexOptions.IgnoreCase), html);
        foreach (Match src in Regex.Matches(html, @"\bsrc=""([^""]*)"""))
            Assert.StartsWith("data:image/svg+xml;base64,", src.Groups[1].Value);
        var ids = Regex.Matches(html, @"\bid=""([^""]+)""").Select(m => m.Groups[1].Value).ToHashSet();
        string[] sections = ["contents", "notes", "b0", "b0-plot", "b0-ceg", "b0-combinations", "b0-samples", "b0-cells", "b0-warnings", "items"];
        Assert.All(sections, s => Assert.Contains(s, ids));
        var cells = CellSummary.ReadAll(results);
        Assert.Equal(12, cells.Count);
        Assert.All(cells, c => Assert.Contains(CellsHtml.Anchor(c), ids));
        Assert.All(cells, c => Assert.Contains($"href=\"#{CellsHtml.Anchor(c)}\"", html));

        // The completions' markup shows as text; none of it survives as markup.
        Assert.Contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;&lt;b onclick=&quot;x()&quot;&gt;&amp;amp;&lt;/b&gt;", html);
        Assert.DoesNotContain("onclick=\"", html);
        // What the sweep measured: the fitted CEG table, maj@k plots for both majority stacks, and votes in the drill-down.
        Assert.Contains("majority(n=3,temperature=0.5,top_p=1)", html);
        Assert.Equal(2, Regex.Matches(html, "alt=\"maj@k against k").Count);
        Assert.Contains("votes (strict answers): <code>", html);
        Assert.Matches(@"<td class=""num"">80\.0% \[4\d\.\d%, 9\d\.\d%\]</td>", html);      // large baseline, 8/10, Wilson interval
    }

    [Fact]
    public async Task DrillDownIsLimitedByDefaultAndCompleteOnRequest()
    {
        var dir = TestPaths.NewTempDirectory();
        var results = SmallSweep.Run(dir);
        var (limited, _) = await Report(results, dir, "--items", "3");
        Assert.Equal(12 * 3, Regex.Matches(limited, "<details class=\"item\"").Count);
        Assert.Contains("showing 3 of 10 items", limited);
        var (all, _) = await Report(results, dir, "--all-items");
        Assert.Equal(12 * SmallSweep.Items, Regex.Matches(all, "<details class=\"item\"").Count);
        Assert.DoesNotContain("--all-items</code> shows every item", all);
    }

    [Fact]
    public async Task PreviousNightFlagsOnlyTheCellsThatMovedBeyondTheirInterval()
    {
        var dir = TestPaths.NewTempDirectory();
        var before = SmallSweep.Run(Path.Combine(dir, "monday"));
        var now = SmallSweep.Run(Path.Combine(dir, "tuesday"), large: 0);      // the large model broke: 8/10 → 0/10 on every stack
        var (html, console) = await Report(now, dir, "--previous", before);
        Assert.Contains("Newcombe", html);
        Assert.Contains("id=\"comparison\"", html);
        // 4 stacks of the large model moved; the small and medium cells are identical.
        Assert.Equal(4, Regex.Matches(html, "<tr class=\"moved\"><td>large</td><td>toy</td>").Count);
        Assert.DoesNotContain("<tr class=\"moved\"><td>small", html);
        Assert.Contains(console.Lines, l => l.Contains("4 moved beyond their interval"));
    }

    [Fact]
    public void ChangeIntervalIsNewcombesHybridScoreInterval()
    {
        // Newcombe (1998), Statistics in Medicine 17:873, worked example 56/70 against 48/80: method 10 gives 0.0524 to 0.3339.
        var shift = AccuracyShift.Between(Cell(56, 70), Cell(48, 80));
        Assert.Equal(0.2, shift.Change, 10);
        Assert.Equal(0.0524, shift.ChangeCi95[0], 4);
        Assert.Equal(0.3339, shift.ChangeCi95[1], 4);
        Assert.True(shift.Moved);
        Assert.False(AccuracyShift.Between(Cell(52, 100), Cell(50, 100)).Moved);
    }

    [Fact]
    public void DrillDownEscapesEveryStringFromResults()
    {
        var evil = "\"><img src=x onerror=alert(1)>";
        var item = new ItemResult("k", "id" + evil, 0, "prompt" + evil, "gold" + evil,
            [new SampleOutcome(0, "completion" + evil, 3, "stop" + evil, "strict" + evil, "flexible" + evil, 1, 1)],
            new AnswerChoice("value" + evil, 0, "rule" + evil), new AnswerChoice(null, null, "first"), false, false, 4, 3, 1, 1, 1);
        var cell = Cell(0, 1) with { Model = "model" + evil, Stack = "stack" + evil, Benchmark = "bench" + evil, Cell = "cell" + evil };
        var html = new System.Text.StringBuilder();
        CellsHtml.DrillDown(html, cell, new CellItems([item], 1), allItems: false);
        CellsHtml.Table(html, [cell], new Dictionary<(string, string, string), AccuracyShift>(), compared: false);
        Assert.DoesNotContain("<img", html.ToString());
        Assert.Equal(15, Regex.Matches(html.ToString(), "&quot;&gt;&lt;img src=x onerror=alert\\(1\\)&gt;").Count);
        Assert.Matches("id=\"cell-cell---img-src-x-onerror-alert-1--\"", html.ToString());
    }

    private static CellSummary Cell(int correct, int n) => new("c", "m", "toy", 1e18, "toy", "none", n, n, true, correct, (double)correct / n,
        ExperimentHarness.Scoring.WilsonInterval.Of(correct, n), (double)correct / n, 0, null, null, 1, 0, "summary.json", null);
}
