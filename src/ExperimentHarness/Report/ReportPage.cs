using System.Globalization;
using System.Text;
using ExperimentHarness.Fitter;
using static ExperimentHarness.Report.HtmlText;

namespace ExperimentHarness.Report;

/// <summary>
/// The report as one self-contained HTML page: inline CSS, plots as data-URI SVG images, no script and no link outside the
/// page. Per (family, benchmark): the accuracy-vs-compute plot, the CEG table, combination ratios, maj@k and best-of-k
/// curves, the cells (with their change since the previous night), and refusals and warnings in words; then each cell's
/// items. Section ids: <c>contents</c>, <c>notes</c>, <c>comparison</c> (with a previous night), per benchmark <c>bN</c> with
/// <c>bN-plot</c>, <c>bN-ceg</c>, <c>bN-combinations</c>, <c>bN-samples</c>, <c>bN-cells</c>, <c>bN-warnings</c>, and
/// <c>items</c> holding one <c>cell-ID</c> section per cell.
/// </summary>
public static class ReportPage
{
    public static string Render(ReportData data, bool allItems)
    {
        var groups = data.Cells.GroupBy(c => (Family: c.Family ?? "", c.Benchmark)).OrderBy(g => g.Key.Family, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Benchmark, StringComparer.Ordinal).ToList();
        var shifts = data.Shifts.ToDictionary(s => s.Now.Key);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>CEG report</title>\n<style>\n").Append(ReportStyle.Css).Append("</style></head><body>\n");
        html.Append($"<header><h1>Compute-equivalent gains</h1><p class=\"meta\">results {E(data.ResultsDirectory)} · {data.Cells.Count} cells · " +
            $"written {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC" +
            (data.PreviousDirectory is null ? "" : $" · compared with {E(data.PreviousDirectory)}") + "</p></header>\n");
        Contents(html, groups.Select(g => Title(g.Key.Family, g.Key.Benchmark)).ToList(), data.PreviousDirectory is not null);
        Notes(html, data);
        if (data.PreviousDirectory is not null) Comparison(html, data);
        for (var i = 0; i < groups.Count; i++) Benchmark(html, $"b{i}", groups[i].Key.Family, groups[i].Key.Benchmark, groups[i].ToList(), data, shifts);
        html.Append("<section id=\"items\"><h2>Per-item drill-down</h2>\n");
        foreach (var cell in groups.SelectMany(g => g.OrderBy(c => c.TrainingFlops ?? 0).ThenBy(c => c.Model, StringComparer.Ordinal).ThenBy(c => c.Stack, StringComparer.Ordinal)))
            CellsHtml.DrillDown(html, cell, data.Items.GetValueOrDefault(cell.Cell), allItems);
        html.Append("</section>\n</body></html>\n");
        return html.ToString();
    }

    private static string Title(string family, string benchmark) => family.Length == 0 ? benchmark + " (no family)" : $"{family} / {benchmark}";

    private static void Contents(StringBuilder html, IReadOnlyList<string> titles, bool compared)
    {
        html.Append("<nav id=\"contents\"><h2>Contents</h2><ol>\n<li><a href=\"#notes\">Notes on the inputs</a></li>\n");
        if (compared) html.Append("<li><a href=\"#comparison\">Changes since the previous night</a></li>\n");
        for (var i = 0; i < titles.Count; i++)
            html.Append($"<li><a href=\"#b{i}\">{E(titles[i])}</a>: <a href=\"#b{i}-plot\">plot</a> · <a href=\"#b{i}-ceg\">CEG</a> · " +
                $"<a href=\"#b{i}-combinations\">combinations</a> · <a href=\"#b{i}-samples\">maj@k / best-of-k</a> · <a href=\"#b{i}-cells\">cells</a> · " +
                $"<a href=\"#b{i}-warnings\">refusals and warnings</a></li>\n");
        html.Append("<li><a href=\"#items\">Per-item drill-down</a></li></ol></nav>\n");
    }

    private static void Notes(StringBuilder html, ReportData data)
    {
        var general = data.Notes.Concat(data.Analysis?.Warnings.Where(w => !data.Cells.Any(c => w.StartsWith($"{c.Family}/{c.Benchmark}:", StringComparison.Ordinal))) ?? []).ToList();
        html.Append("<section id=\"notes\"><h2>Notes on the inputs</h2>\n");
        if (data.Analysis is { } a)
            html.Append($"<p>CEG fitted with {a.Options.Replicates} paired bootstrap replicates (seed {a.Options.Seed}), baseline form {E(a.Options.Baseline.ToString())}, " +
                $"inference-to-pretraining token ratio {Num(a.Options.InferenceRatio)} for net CEG.</p>\n");
        if (general.Count == 0) html.Append("<p class=\"empty\">Nothing was skipped and nothing applies to more than one benchmark.</p>\n");
        else html.Append("<ul class=\"warnings\">").AppendJoin("", general.Select(n => $"<li>{E(n)}</li>\n")).Append("</ul>\n");
        html.Append("</section>\n");
    }

    private static void Comparison(StringBuilder html, ReportData data)
    {
        var moved = data.Shifts.Where(s => s.Moved).ToList();
        html.Append("<section id=\"comparison\"><h2>Changes since the previous night</h2>\n")
            .Append($"<p>Previous results: {E(data.PreviousDirectory)}. {data.Shifts.Count} of {data.Cells.Count} cells are in both (matched by model, benchmark and stack). " +
                $"A cell is flagged when the {E(AccuracyShift.Method)}.</p>\n");
        if (moved.Count == 0) html.Append("<p class=\"empty\">No cell moved beyond its interval.</p>\n");
        else
        {
            html.Append("<table><thead><tr><th>model</th><th>benchmark</th><th>stack</th><th>before</th><th>now</th><th>change [95%]</th></tr></thead><tbody>\n");
            foreach (var s in moved)
                html.Append($"<tr class=\"moved\"><td>{E(s.Now.Model)}</td><td>{E(s.Now.Benchmark)}</td><td><code>{E(s.Now.Stack)}</code></td>")
                    .Append($"<td class=\"num\">{Percent(s.Before.Accuracy)} ({s.Before.Correct}/{s.Before.N})</td><td class=\"num\">{Percent(s.Now.Accuracy)} ({s.Now.Correct}/{s.Now.N})</td>")
                    .Append($"<td class=\"num\"><a href=\"#{CellsHtml.Anchor(s.Now)}\">{(s.Change >= 0 ? "+" : "−")}{Percent(Math.Abs(s.Change))}</a>{Interval(s.ChangeCi95, x => (x >= 0 ? "+" : "−") + Percent(Math.Abs(x)))}</td></tr>\n");
            html.Append("</tbody></table>\n");
        }
        var missing = data.Cells.Count - data.Shifts.Count;
        if (missing > 0) html.Append($"<p>{missing} cells have no counterpart in the previous results.</p>\n");
        html.Append("</section>\n");
    }

    private static void Benchmark(StringBuilder html, string id, string family, string benchmark, IReadOnlyList<CellSummary> cells, ReportData data,
        IReadOnlyDictionary<(string, string, string), AccuracyShift> shifts)
    {
        var analysis = data.Analysis;
        var fit = analysis?.Baselines.FirstOrDefault(b => b.Family == family && b.Benchmark == benchmark);
        var estimates = analysis?.Estimates.Where(e => e.Family == family && e.Benchmark == benchmark).ToList() ?? [];
        var title = Title(family, benchmark);
        html.Append($"<section class=\"benchmark\" id=\"{id}\"><h2>{E(title)}</h2>\n");
        html.Append($"<section id=\"{id}-plot\"><h3>Accuracy against training compute</h3>\n")
            .Append($"<img class=\"plot\" alt=\"accuracy against log10 training FLOPs for every stack, {E(title)}\" src=\"{ReportPlots.AccuracyAgainstCompute(title, cells, fit)}\">\n")
            .Append(fit is null ? "<p class=\"legend\">No fitted baseline for this benchmark (see refusals and warnings).</p>\n"
                : $"<p class=\"legend\">Dashed: the fitted baseline ({E(fit.Chosen.Form)}, chance floor {Num(fit.Chance)}), chosen by leave-one-out error; points: measured accuracy of each stack on each model.</p>\n")
            .Append("</section>\n");
        html.Append($"<section id=\"{id}-ceg\"><h3>Compute-equivalent gain</h3>\n");
        CegTablesHtml.Ceg(html, estimates, cells);
        CegTablesHtml.Bounds(html, analysis?.LowerBounds.Where(b => b.Family == family && b.Benchmark == benchmark).ToList() ?? []);
        html.Append($"</section>\n<section id=\"{id}-combinations\"><h3>Combination ratios</h3>\n");
        CegTablesHtml.Combinations(html, analysis?.Combinations.Where(c => c.Family == family && c.Benchmark == benchmark).ToList() ?? []);
        html.Append($"</section>\n<section id=\"{id}-samples\"><h3>maj@k and best-of-k</h3>\n");
        SampleCurves(html, cells);
        html.Append($"</section>\n<section id=\"{id}-cells\"><h3>Cells</h3>\n");
        CellsHtml.Table(html, cells, shifts, data.PreviousDirectory is not null);
        html.Append($"</section>\n<section id=\"{id}-warnings\"><h3>Refusals and warnings</h3>\n");
        var warnings = BenchmarkWarnings.For(family, benchmark, cells, fit, estimates, analysis);
        if (warnings.Count == 0) html.Append("<p class=\"empty\">None.</p>\n");
        else html.Append("<ul class=\"warnings\">").AppendJoin("", warnings.Select(w => $"<li>{E(w)}</li>\n")).Append("</ul>\n");
        html.Append("</section>\n</section>\n");
    }

    private static void SampleCurves(StringBuilder html, IReadOnlyList<CellSummary> cells)
    {
        var majority = cells.Where(c => c.MajAtK is { Count: > 1 }).OrderBy(c => c.Stack, StringComparer.Ordinal).ThenBy(c => c.TrainingFlops ?? 0).ToList();
        var bestOf = cells.Where(c => c.BestOfK is { Count: > 1 }).OrderBy(c => c.Stack, StringComparer.Ordinal).ThenBy(c => c.TrainingFlops ?? 0).ToList();
        if (majority.Count == 0 && bestOf.Count == 0)
        {
            html.Append("<p class=\"empty\">No cell here drew more than one sample per item, so there are no maj@k or best-of-k curves.</p>\n");
            return;
        }
        foreach (var stack in majority.GroupBy(c => c.Stack))
            html.Append($"<h4>maj@k of <code>{E(stack.Key)}</code></h4>\n<img class=\"plot\" alt=\"maj@k against k for {E(stack.Key)}\" src=\"{ReportPlots.SampleCurves("majority vote of k samples (averaged over k-subsets)", "k (samples voting)", stack.Select(c => (c.Model, c.MajAtK!)).ToList())}\">\n");
        foreach (var stack in bestOf.GroupBy(c => c.Stack))
            html.Append($"<h4>best-of-k of <code>{E(stack.Key)}</code></h4>\n<img class=\"plot\" alt=\"best-of-k against k for {E(stack.Key)}\" src=\"{ReportPlots.SampleCurves("the verifier's best of k samples", "k (samples ranked)", stack.Select(c => (c.Model, c.BestOfK!)).ToList())}\">\n");
        html.Append("<table><thead><tr><th>model</th><th>stack</th><th>curve</th><th>k = 1</th><th>largest k</th><th>at largest k</th></tr></thead><tbody>\n");
        foreach (var (c, name, curve) in majority.Select(c => (c, "maj@k", c.MajAtK!)).Concat(bestOf.Select(c => (c, "best-of-k", c.BestOfK!))))
            html.Append($"<tr><td>{E(c.Model)}</td><td><code>{E(c.Stack)}</code></td><td>{name}</td><td class=\"num\">{Percent(curve[0])}</td>")
                .Append($"<td class=\"num\">{curve.Count}</td><td class=\"num\">{Percent(curve[^1])}</td></tr>\n");
        html.Append("</tbody></table>\n");
    }

}
