using System.Text;
using ExperimentHarness.Fitter;
using ScottPlot;

namespace ExperimentHarness.Report;

/// <summary>
/// The page's plots, drawn by ScottPlot as SVG and embedded as <c>data:image/svg+xml;base64</c> images: the page needs no
/// network and no files beside it, and text inside a plot (stack and model names from results) can never become page markup.
/// </summary>
public static class ReportPlots
{
    private const int Width = 1000;

    /// <summary>Accuracy against log10 training FLOPs: one line per stack (baseline included) and the fitted baseline curve.</summary>
    public static string AccuracyAgainstCompute(string title, IReadOnlyList<CellSummary> cells, BaselineFit? fit)
    {
        var plot = new Plot();
        var stacks = cells.Where(c => c.TrainingFlops > 0).GroupBy(c => c.Stack)
            .OrderBy(g => g.Key == ScalingPoint.Baseline ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var palette = Palette(stacks.Count);
        for (var s = 0; s < stacks.Count; s++)
        {
            var points = stacks[s].OrderBy(c => c.TrainingFlops).ToList();
            var isBaseline = stacks[s].Key == ScalingPoint.Baseline;
            var line = plot.Add.Scatter(points.Select(c => Math.Log10(c.TrainingFlops!.Value)).ToArray(), points.Select(c => c.Accuracy).ToArray(),
                isBaseline ? Colors.Black : palette.GetColor(s));
            line.LegendText = isBaseline ? "baseline (stack none)" : stacks[s].Key;
            line.MarkerSize = isBaseline ? 10 : 7;
            line.LineWidth = isBaseline ? 2 : 1.5f;
        }
        if (fit is not null)
        {
            var (lo, hi) = (fit.MinLog10Compute - 0.3, fit.MaxLog10Compute + 0.3);
            var xs = Enumerable.Range(0, 101).Select(i => lo + i * (hi - lo) / 100).ToArray();
            var curve = plot.Add.Scatter(xs, xs.Select(fit.Chosen.Accuracy).ToArray(), Colors.Gray);
            curve.MarkerSize = 0;
            curve.LineWidth = 2;
            curve.LinePattern = LinePattern.Dashed;
            curve.LegendText = fit.Refusal is null ? $"fitted baseline ({fit.Chosen.Form})" : $"fitted baseline ({fit.Chosen.Form}; refused, see below)";
        }
        plot.Title(title);
        plot.XLabel("log10 training FLOPs");
        plot.YLabel("accuracy (strict)");
        return DataUri(plot, 480 + 18 * stacks.Count);
    }

    /// <summary>Accuracy against the number of samples k (maj@k or best-of-k) for one stack, one line per model.</summary>
    public static string SampleCurves(string title, string xLabel, IReadOnlyList<(string Label, IReadOnlyList<double> Curve)> curves)
    {
        var plot = new Plot();
        var palette = Palette(curves.Count);
        for (var i = 0; i < curves.Count; i++)
        {
            var line = plot.Add.Scatter(Enumerable.Range(1, curves[i].Curve.Count).Select(k => (double)k).ToArray(), curves[i].Curve.ToArray(), palette.GetColor(i));
            line.LegendText = curves[i].Label;
            line.MarkerSize = 6;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("accuracy (strict)");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);
        return DataUri(plot, 420 + 18 * curves.Count);
    }

    /// <summary>Ten clearly different colours while they suffice; Category20's light/dark pairs only beyond that.</summary>
    private static IPalette Palette(int lines) => lines <= 10 ? new ScottPlot.Palettes.Category10() : new ScottPlot.Palettes.Category20();

    /// <summary>DejaVu Sans where it is installed (ScottPlot's own sans choice resolved to a serif face on Debian), else ScottPlot's.</summary>
    private static readonly Lazy<string> SansFont = new(() =>
        Fonts.GetTypeface("DejaVu Sans", bold: false, italic: false).FamilyName == "DejaVu Sans" ? "DejaVu Sans" : Fonts.Sans);

    /// <summary>Legend below the axes (stack ids are long and would cover the points; the height grows with its lines), sans-serif text, then the SVG as a data URI.</summary>
    private static string DataUri(Plot plot, int height)
    {
        var sans = SansFont.Value;
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontName = sans;
        plot.Axes.Title.Label.FontName = sans;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontName = sans;
            axis.TickLabelStyle.FontName = sans;
        }
        return "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(plot.GetSvgXml(Width, height)));
    }
}
