using System.Globalization;
using System.Text;
using ExperimentHarness.Fitter;

namespace ExperimentHarness.Report;

/// <summary>
/// Writes <c>ceg.md</c>: per (family, benchmark) a table shaped like Davidson et al.'s Table 1
/// (technique, CEG with interval, one-time cost as a fraction of pretraining, inference cost multiple),
/// then bounds, combinations and warnings.
/// </summary>
public static class CegMarkdownWriter
{
    public static string Render(CegAnalysis analysis)
    {
        var md = new StringBuilder("# Compute-equivalent gains\n\n");
        foreach (var group in analysis.Estimates.GroupBy(e => (e.Family, e.Benchmark)))
        {
            var fit = analysis.Baselines.FirstOrDefault(b => b.Family == group.Key.Family && b.Benchmark == group.Key.Benchmark);
            md.Append($"## {group.Key.Family} / {group.Key.Benchmark}\n\n");
            if (fit is not null)
                md.Append($"Baseline: {fit.Points.Count} sizes, form `{fit.Chosen.Form}`{(analysis.Options.Baseline == BaselineForm.LogLinear ? " (forced by --baseline loglinear, the seed paper's appendix A.1)" : "")}, slope {F(fit.Chosen.Slope * 100)} points per 10× compute, " +
                          $"chance {F(fit.Chance)}{(fit.ChanceBasis is null ? "" : $" ({fit.ChanceBasis})")}.\n\n");
            md.Append("| technique | model | accuracy | CEG (95% CI) | one-time cost / pretraining | inference cost × baseline | net CEG |\n");
            md.Append("|---|---|---|---|---|---|---|\n");
            foreach (var e in group.OrderBy(e => e.Stack).ThenBy(e => e.TrainingFlops))
                md.Append($"| `{e.Stack}` | {e.Model} | {F(e.Accuracy)} | {Ceg(e)} | {Sci(e.OneTimeCostFraction)} | {F(e.InferenceCostMultiple)}× | {F(e.NetCeg)} |\n");
            md.Append('\n');
        }
        if (analysis.LowerBounds.Count > 0)
        {
            md.Append("## Model-free lower bounds (smaller enhanced significantly above larger baseline)\n\n");
            md.Append($"Each pair passes a one-sided Fisher's exact test on the item counts at α = {F(analysis.Options.BoundAlpha)}.\n\n");
            md.Append("| technique | enhanced model | beats baseline | correct / n (enhanced vs baseline) | one-sided p | CEG ≥ |\n|---|---|---|---|---|---|\n");
            foreach (var b in analysis.LowerBounds)
                md.Append($"| `{b.Stack}` | {b.EnhancedModel} ({F(b.EnhancedAccuracy)}) | {b.BaselineModel} ({F(b.BaselineAccuracy)}) | " +
                          $"{b.Test.HigherCorrect}/{b.Test.HigherN} vs {b.Test.LowerCorrect}/{b.Test.LowerN} | {P(b.Test.PValue)} | {F(b.CegAtLeast)} |\n");
            md.Append('\n');
        }
        if (analysis.Combinations.Count > 0)
        {
            md.Append("## Combinations: CEG(A+B) / (CEG(A)·CEG(B)) — below 1 means diminishing returns\n\n| model | A | B | ratio (95% CI) |\n|---|---|---|---|\n");
            foreach (var c in analysis.Combinations)
                md.Append($"| {c.Model} | `{c.StackA}` | `{c.StackB}` | {F(c.Ratio)}{Interval(c.Ci95)} |\n");
            md.Append('\n');
        }
        if (analysis.SlopeComparisons.Count > 0)
        {
            md.Append("## Shared vs free slope (likelihood ratio, χ²(1))\n\n| technique | sizes | CEG if a pure shift | LR | p | data prefer |\n|---|---|---|---|---|---|\n");
            foreach (var c in analysis.SlopeComparisons)
                md.Append($"| `{c.Stack}` | {c.EnhancedSizes} | {F(c.SharedSlopeCeg)} | {F(c.LikelihoodRatio)} | {F(c.PValue)} | {c.Preferred} slope |\n");
            md.Append('\n');
        }
        if (analysis.Warnings.Count > 0)
        {
            md.Append("## Warnings\n\n");
            foreach (var w in analysis.Warnings) md.Append($"- {w}\n");
        }
        return md.ToString();
    }

    private static string Ceg(CegEstimate e) => e.Kind switch
    {
        CegKind.Refused => $"— ({e.Note})",
        CegKind.LowerBound when e.ExtrapolatedCeg is { } x => $"≥ {F(e.Ceg)} (beyond the largest baseline); extrapolated ≈ {F(x)} ({e.FitForm} curve, not measured)",
        CegKind.LowerBound => $"≥ {F(e.Ceg)} (extrapolated: beyond the largest baseline)",
        CegKind.UpperBound => $"≤ {F(e.Ceg)} (below the smallest baseline)",
        _ => F(e.Ceg) + (e.CegCi95 is null ? " (no interval)" : Interval(e.CegCi95)),
    };

    private static string Interval(double[]? ci) => ci is null ? "" : $" [{F(ci[0])}, {F(ci[1])}]";

    private static string F(double? v) => v is null ? "—" : v.Value.ToString(Math.Abs(v.Value) >= 100 ? "F0" : "G3", CultureInfo.InvariantCulture);

    private static string P(double p) => p < 1e-4 ? "< 1e-4" : p.ToString("G2", CultureInfo.InvariantCulture);

    private static string Sci(double? v) => v is null ? "—" : v.Value.ToString("0.0E+0", CultureInfo.InvariantCulture);
}
