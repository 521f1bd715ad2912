using ScottPlot;

namespace ExperimentHarness.Report;

/// <summary>One member's held-out loss curve: (training FLOPs spent, held-out loss) at each evaluation.</summary>
public sealed record LossCurve(string Name, IReadOnlyList<(double Flops, double Loss)> Points);

/// <summary>
/// The family's loss-vs-compute PNG: each member's held-out loss curve against log10 training FLOPs, and the line through
/// the members' final losses (the family's compute frontier). A smooth, falling frontier is what a well-made family shows.
/// </summary>
public static class LossComputePlot
{
    public static void Write(string file, string family, IReadOnlyList<LossCurve> curves)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < curves.Count; i++)
        {
            var points = curves[i].Points.Where(p => p.Flops > 0 && double.IsFinite(p.Loss)).ToList();
            if (points.Count == 0) continue;
            var line = plot.Add.Scatter(points.Select(p => Math.Log10(p.Flops)).ToArray(), points.Select(p => p.Loss).ToArray(), palette.GetColor(i));
            line.MarkerSize = 4;
            line.LegendText = curves[i].Name;
        }
        var finals = curves.Where(c => c.Points.Count > 0).Select(c => c.Points[^1]).Where(p => p.Flops > 0).ToList();
        if (finals.Count > 1)
        {
            var frontier = plot.Add.Scatter(finals.Select(p => Math.Log10(p.Flops)).ToArray(), finals.Select(p => p.Loss).ToArray(), Colors.Black);
            frontier.MarkerSize = 10;
            frontier.LineWidth = 2;
            frontier.LinePattern = LinePattern.Dashed;
            frontier.LegendText = "final loss per member";
        }
        plot.Title($"{family}: held-out loss against training compute");
        plot.XLabel("log10 training FLOPs (ledger)");
        plot.YLabel("held-out loss (nats/token)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(file, 900, 600);
    }
}
