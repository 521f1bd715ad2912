using System.Text;
using ExperimentHarness.Store;
using static ExperimentHarness.Report.HtmlText;

namespace ExperimentHarness.Report;

/// <summary>
/// The cells of a benchmark as a table (accuracy, interval, costs, change since the previous night, a link to each cell's
/// items), and the per-item drill-down of one cell: prompt, every completion, the answers both extractors found, the votes
/// and the submitted answer, one collapsed <c>&lt;details&gt;</c> per item.
/// </summary>
public static class CellsHtml
{
    public static string Anchor(CellSummary cell) => Id("cell", cell.Cell);

    public static void Table(StringBuilder html, IReadOnlyList<CellSummary> cells, IReadOnlyDictionary<(string, string, string), AccuracyShift> shifts, bool compared)
    {
        html.Append("<table><thead><tr><th>model</th><th>stack</th><th>n</th><th>accuracy [Wilson 95%]</th><th>flexible</th><th>unparseable</th>")
            .Append("<th>inference FLOPs / item</th><th>one-time FLOPs</th>").Append(compared ? "<th>change since previous [95%]</th>" : "")
            .Append("<th>items</th></tr></thead><tbody>\n");
        foreach (var c in cells.OrderBy(c => c.TrainingFlops ?? 0).ThenBy(c => c.Model, StringComparer.Ordinal).ThenBy(c => c.Stack, StringComparer.Ordinal))
        {
            var moved = shifts.TryGetValue(c.Key, out var shift) && shift.Moved;
            html.Append($"<tr{(moved ? " class=\"moved\"" : "")}><td>{E(c.Model)}</td><td><code>{E(c.Stack)}</code></td>")
                .Append($"<td class=\"num\">{c.N}{(c.Complete ? "" : $" of {c.ItemsPlanned}")}</td><td class=\"num\">{Percent(c.Accuracy)}{Interval(c.Ci95, Percent)}</td>")
                .Append($"<td class=\"num\">{Percent(c.FlexibleAccuracy)}</td><td class=\"num\">{Percent(c.InvalidRate)}</td>")
                .Append($"<td class=\"num\">{Sci(c.InferenceFlopsPerItem)}</td><td class=\"num\">{Sci(c.OneTimeFlops)}</td>");
            if (compared) html.Append($"<td class=\"num\">{ShiftText(shift)}</td>");
            html.Append($"<td><a href=\"#{Anchor(c)}\">items</a></td></tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    private static string ShiftText(AccuracyShift? shift) => shift is null ? "not in previous"
        : $"{(shift.Moved ? "<strong>moved</strong> " : "")}{Signed(shift.Change)} [{Signed(shift.ChangeCi95[0])}, {Signed(shift.ChangeCi95[1])}]";

    private static string Signed(double change) => (change >= 0 ? "+" : "−") + Percent(Math.Abs(change));

    public static void DrillDown(StringBuilder html, CellSummary cell, CellItems? items, bool allItems)
    {
        html.Append($"<section class=\"cell\" id=\"{Anchor(cell)}\"><h3>{E(cell.Model)} · <code>{E(cell.Stack)}</code> · {E(cell.Benchmark)}</h3>\n");
        html.Append($"<p class=\"meta\">cell {E(cell.Cell)}; accuracy {Percent(cell.Accuracy)} ({cell.Correct}/{cell.N})");
        if (items is null)
        {
            html.Append("; its items are not in a results store under this directory.</p></section>\n");
            return;
        }
        html.Append($"; showing {items.Shown.Count} of {items.Total} items")
            .Append(items.Shown.Count < items.Total && !allItems ? " (the first by item order; <code>report --all-items</code> shows every item)" : "")
            .Append(". <a href=\"#contents\">back to contents</a></p>\n");
        foreach (var item in items.Shown) Item(html, item);
        html.Append("</section>\n");
    }

    private static void Item(StringBuilder html, ItemResult item)
    {
        var choice = item.StrictChoice;
        html.Append($"<details class=\"item\"><summary><span class=\"{(item.CorrectStrict ? "ok\">✓" : "bad\">✗")}</span> <b>{E(item.ItemId)}</b>")
            .Append($" gold <code>{E(item.Gold)}</code> · answer <code>{E(choice.Value ?? "(none)")}</code> (rule: {E(choice.Rule)}")
            .Append(choice.Votes is { } v ? $", {v} votes vs {choice.RunnerUpVotes ?? 0})" : ")")
            .Append($" · {item.Samples.Count} sample{(item.Samples.Count == 1 ? "" : "s")}</summary>\n");
        html.Append($"<div class=\"prompt\"><h5>prompt ({item.PromptTokens} tokens)</h5><pre>{E(item.Prompt)}</pre></div>\n");
        if (item.Samples.Count > 1) html.Append($"<p class=\"votes\">votes (strict answers): {Votes(item)}</p>\n");
        html.Append("<table class=\"samples\"><thead><tr><th>#</th><th>completion</th><th>strict</th><th>flexible</th><th>verifier</th><th>tokens</th><th>stop</th></tr></thead><tbody>\n");
        foreach (var s in item.Samples)
            html.Append($"<tr{(s.SampleIndex == choice.SampleIndex ? " class=\"chosen\"" : "")}><td class=\"num\">{s.SampleIndex}</td><td><pre>{E(s.Completion)}</pre></td>")
                .Append($"<td><code>{E(s.StrictAnswer ?? "—")}</code></td><td><code>{E(s.FlexibleAnswer ?? "—")}</code></td>")
                .Append($"<td class=\"num\">{Num(s.VerifierScore)}</td><td class=\"num\">{s.GeneratedTokens}</td><td>{E(s.FinishReason)}</td></tr>\n");
        html.Append("</tbody></table></details>\n");
    }

    private static string Votes(ItemResult item) => string.Join(", ", item.Samples
        .GroupBy(s => s.StrictAnswer)
        .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => $"<code>{E(g.Key ?? "unparseable")}</code> × {g.Count()}"));
}
