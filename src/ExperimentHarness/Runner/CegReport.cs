using ExperimentHarness.Fitter;
using ExperimentHarness.Report;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner;

/// <summary>Fits CEG on points and writes ceg.json, ceg.md and the plots into one directory: what <c>fit</c> and a run config's <c>fit:</c> share.</summary>
public static class CegReport
{
    public static CegAnalysis Write(IReadOnlyList<ScalingPoint> data, IReadOnlyList<string> skipped, FitOptions options, string source, string outDir, IConsoleOutput console)
    {
        var duplicate = data.GroupBy(p => (p.Family, p.Model, p.Benchmark, p.Stack)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InputException($"{source}: two points for family {duplicate.Key.Family}, model {duplicate.Key.Model}, benchmark {duplicate.Key.Benchmark}, stack {duplicate.Key.Stack}");
        var analysis = CegAnalysis.Run(data, options);
        Directory.CreateDirectory(outDir);
        AtomicFile.WriteAllText(Path.Combine(outDir, "ceg.json"), CegJsonWriter.Render(analysis, skipped));
        AtomicFile.WriteAllText(Path.Combine(outDir, "ceg.md"), CegMarkdownWriter.Render(analysis));
        try
        {
            foreach (var png in CegPlotter.WriteAll(analysis, outDir)) console.WriteLine($"wrote {png}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            console.WriteError($"warning: plots could not be drawn ({ex.Message}); ceg.json and ceg.md are complete");
        }
        foreach (var s in skipped) console.WriteError($"skipped {s}");
        foreach (var w in analysis.Warnings) console.WriteError($"warning: {w}");
        console.WriteLine($"wrote {Path.Combine(outDir, "ceg.json")} and ceg.md: {analysis.Estimates.Count} enhanced points, " +
            $"{analysis.Estimates.Count(e => e.Kind == Fitter.CegKind.Fit)} fitted, {analysis.Estimates.Count(e => e.Kind is Fitter.CegKind.LowerBound or Fitter.CegKind.UpperBound)} bounds, {analysis.Estimates.Count(e => e.Kind == Fitter.CegKind.Refused)} refused");
        return analysis;
    }
}
