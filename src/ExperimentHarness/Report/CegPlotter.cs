using ExperimentHarness.Fitter;
using ScottPlot;

namespace ExperimentHarness.Report;

/// <summary>
/// One PNG per (family, benchmark): accuracy against log10 pretraining FLOPs, the baseline points and
/// fitted curve, the enhanced points, and an arrow from each enhanced point to the compute at which the
/// baseline curve reaches the same accuracy (its CEG).
/// </summary>
public static class CegPlotter
{
    public static IReadOnlyList<string> WriteAll(CegAnalysis analysis, string directory)
    {
        var files = new List<string>();
        foreach (var fit in analysis.Baselines)
        {
            var plot = new Plot();
            var xs = Enumerable.Range(0, 101).Select(i => fit.MinLog10Compute - 0.5 + i * (fit.MaxLog10Compute - fit.MinLog10Compute + 1.0) / 100).ToArray();
            var curve = plot.Add.Scatter(xs, xs.Select(fit.Chosen.Accuracy).ToArray());
            curve.MarkerSize = 0;
            curve.LegendText = $"baseline fit ({fit.Chosen.Form})";
            var basePoints = plot.Add.ScatterPoints(fit.Points.Select(p => p.Log10Compute).ToArray(), fit.Points.Select(p => p.Accuracy).ToArray());
            basePoints.LegendText = "baseline (stack none)";
            basePoints.MarkerSize = 9;
            var palette = new ScottPlot.Palettes.Category10();
            var stacks = analysis.Estimates.Where(e => e.Family == fit.Family && e.Benchmark == fit.Benchmark).GroupBy(e => e.Stack).ToList();
            for (var s = 0; s < stacks.Count; s++)
            {
                var color = palette.GetColor(s + 2);
                var points = plot.Add.ScatterPoints(stacks[s].Select(e => Math.Log10(e.TrainingFlops)).ToArray(), stacks[s].Select(e => e.Accuracy).ToArray(), color);
                points.LegendText = stacks[s].Key;
                points.MarkerSize = 9;
                foreach (var e in stacks[s].Where(e => e.Ceg is not null))
                {
                    var x = Math.Log10(e.TrainingFlops);
                    var arrow = plot.Add.Arrow(new Coordinates(x, e.Accuracy), new Coordinates(x + Math.Log10(e.Ceg!.Value), e.Accuracy));
                    arrow.ArrowLineColor = color;
                    arrow.ArrowFillColor = color;
                    if (e.Kind != CegKind.Fit) arrow.ArrowFillColor = Colors.White;     // hollow head: a bound, not a measured gain
                }
            }
            plot.Title($"{fit.Family} / {fit.Benchmark}: compute-equivalent gains");
            plot.XLabel("log10 pretraining FLOPs");
            plot.YLabel("accuracy");
            plot.ShowLegend(Alignment.UpperLeft);
            var file = Path.Combine(directory, $"ceg-{Safe(fit.Family)}-{Safe(fit.Benchmark)}.png");
            plot.SavePng(file, 900, 600);
            files.Add(file);
        }
        return files;
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
}
