using System.Text;
using ExperimentHarness.Fitter;
using static ExperimentHarness.Report.HtmlText;

namespace ExperimentHarness.Report;

/// <summary>The fitter's tables for one (family, benchmark) as HTML: CEG with intervals and both cost columns, appendix-A bounds, combination ratios.</summary>
public static class CegTablesHtml
{
    public static void Ceg(StringBuilder html, IReadOnlyList<CegEstimate> estimates, IReadOnlyList<CellSummary> cells)
    {
        if (estimates.Count == 0)
        {
            html.Append("<p class=\"empty\">No enhanced cell on a scaling curve here (a CEG needs a baseline and at least one stack run on models with a family and training FLOPs).</p>\n");
            return;
        }
        html.Append("<table><thead><tr><th>model</th><th>training FLOPs</th><th>stack</th><th>accuracy [Wilson 95%]</th><th>CEG [bootstrap 95%]</th>")
            .Append("<th>one-time cost<br><small>× pretraining</small></th><th>inference cost<br><small>× baseline per item</small></th><th>net CEG</th><th>note</th></tr></thead><tbody>\n");
        foreach (var e in estimates.OrderBy(e => e.Stack, StringComparer.Ordinal).ThenBy(e => e.TrainingFlops))
        {
            var cell = cells.FirstOrDefault(c => c.Model == e.Model && c.Stack == e.Stack);
            html.Append($"<tr class=\"{RowClass(e.Kind)}\"><td>{E(e.Model)}</td><td class=\"num\">{Sci(e.TrainingFlops)}</td><td><code>{E(e.Stack)}</code></td>")
                .Append($"<td class=\"num\">{Percent(e.Accuracy)}{(cell is null ? "" : Interval(cell.Ci95, Percent))}</td>")
                .Append($"<td class=\"num\">{CegText(e)}</td><td class=\"num\">{Num(e.OneTimeCostFraction)}</td><td class=\"num\">{Num(e.InferenceCostMultiple)}</td>")
                .Append($"<td class=\"num\">{Num(e.NetCeg)}</td><td>{E(e.Note)}</td></tr>\n");
        }
        html.Append("</tbody></table>\n<p class=\"legend\">CEG: how many times more pretraining compute the baseline needs to reach the enhanced accuracy. " +
            "≥ marks a bound (the enhanced accuracy lies beyond the largest measured baseline), ≤ one below the smallest; refused cells have no number. " +
            "Net CEG charges the extra inference FLOPs at the stated inference-to-pretraining token ratio.</p>\n");
    }

    public static void Bounds(StringBuilder html, IReadOnlyList<LowerBound> bounds)
    {
        if (bounds.Count == 0) return;
        html.Append("<h4>Model-free lower bounds (appendix A)</h4>\n<table><thead><tr><th>stack</th><th>enhanced model</th><th>beats baseline of</th>")
            .Append("<th>correct / n (enhanced vs baseline)</th><th>one-sided p</th><th>CEG ≥</th></tr></thead><tbody>\n");
        foreach (var b in bounds)
            html.Append($"<tr><td><code>{E(b.Stack)}</code></td><td>{E(b.EnhancedModel)} ({Percent(b.EnhancedAccuracy)})</td><td>{E(b.BaselineModel)} ({Percent(b.BaselineAccuracy)})</td>")
                .Append($"<td class=\"num\">{b.Test.HigherCorrect}/{b.Test.HigherN} vs {b.Test.LowerCorrect}/{b.Test.LowerN}</td><td class=\"num\">{Num(b.Test.PValue)}</td><td class=\"num\">{Num(b.CegAtLeast)}</td></tr>\n");
        html.Append("</tbody></table>\n");
    }

    public static void Combinations(StringBuilder html, IReadOnlyList<CombinationRatio> ratios)
    {
        if (ratios.Count == 0)
        {
            html.Append("<p class=\"empty\">No combination ratio: it needs a stack A+B and both A and B alone on the same model, each with a fitted (not bounded or refused) CEG.</p>\n");
            return;
        }
        html.Append("<table><thead><tr><th>model</th><th>A</th><th>B</th><th>CEG(A+B) / (CEG(A)·CEG(B)) [95%]</th><th>reading</th></tr></thead><tbody>\n");
        foreach (var c in ratios)
            html.Append($"<tr><td>{E(c.Model)}</td><td><code>{E(c.StackA)}</code></td><td><code>{E(c.StackB)}</code></td>")
                .Append($"<td class=\"num\">{Num(c.Ratio)}{Interval(c.Ci95, x => Num(x))}</td><td>{Reading(c)}</td></tr>\n");
        html.Append("</tbody></table>\n");
    }

    private static string Reading(CombinationRatio c) => c.Ci95 switch
    {
        null => "no interval",
        [_, var hi] when hi < 1 => "gains combine less than multiplicatively (diminishing returns)",
        [var lo, _] when lo > 1 => "gains combine more than multiplicatively",
        _ => "consistent with multiplying",
    };

    private static string CegText(CegEstimate e) => e.Kind switch
    {
        CegKind.Refused => "refused",
        CegKind.LowerBound => "≥ " + Num(e.Ceg) + (e.ExtrapolatedCeg is { } x ? $" <small>(extrapolated ≈ {Num(x)})</small>" : ""),
        CegKind.UpperBound => "≤ " + Num(e.Ceg),
        _ => Num(e.Ceg) + (e.CegCi95 is null ? " <small>(no interval)</small>" : Interval(e.CegCi95, x => Num(x))),
    };

    // CSS classes of ReportStyle: bounds are shaded, refusals greyed.
    private static string RowClass(CegKind kind) => kind switch
    {
        CegKind.Refused => "refused",
        CegKind.LowerBound => "lower_bound",
        CegKind.UpperBound => "upper_bound",
        _ => "fit",
    };
}
