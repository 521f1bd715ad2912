using System.CommandLine;
using ExperimentHarness.Fitter;
using ExperimentHarness.Foundation;
using ExperimentHarness.Report;

namespace ExperimentHarness.Runner.Commands;

/// <summary>
/// <c>report --results DIR --out DIR [--previous DIR] [--items N | --all-items]</c>: the results as one self-contained
/// HTML page (report.html): plots, CEG tables, combination ratios, sample curves, warnings and a per-item drill-down.
/// </summary>
public sealed class ReportCommand(IConsoleOutput console) : ICliCommand
{
    public const string FileName = "report.html";

    public Command Build()
    {
        var results = new Option<string>("--results") { Description = "Directory of run outputs (summary.json files and their results store).", Required = true };
        var output = new Option<string>("--out") { Description = "Directory for report.html.", Required = true };
        var previous = new Option<string?>("--previous") { Description = "A previous night's results directory: flag cells whose accuracy moved beyond the 95% interval of the change." };
        var items = WholeNumberOption.Create("--items", "Items per cell in the drill-down (the first by item order).", 20, min: 0);
        var allItems = new Option<bool>("--all-items") { Description = "Put every item of every cell in the drill-down (the page can get large)." };
        var replicates = WholeNumberOption.Create("--replicates", "Bootstrap replicates for the CEG intervals.", 1000, min: 0);
        var seed = WholeNumberOption.Create("--seed", "Bootstrap seed.", 20231212);
        var ratio = new Option<double>("--inference-ratio") { Description = "R = inference tokens / pretraining tokens, for net CEG.", DefaultValueFactory = _ => 1.0 };
        var command = new Command("report", "Write the results as one self-contained HTML page (no network needed to view it).");
        foreach (var option in new Option[] { results, output, previous, items, allItems, replicates, seed, ratio }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            if (parse.GetValue(ratio) < 0) throw new InputException("--inference-ratio must be ≥ 0");
            var dir = OutputFolder.Check(parse.GetValue(output)!, "--out");
            var all = parse.GetValue(allItems);
            var data = ReportData.Load(parse.GetValue(results)!, parse.GetValue(previous),
                new FitOptions(parse.GetValue(replicates), parse.GetValue(seed), parse.GetValue(ratio)), all ? null : parse.GetValue(items));
            var file = Path.Combine(dir, FileName);
            var page = ReportPage.Render(data, all);
            AtomicFile.WriteAllText(file, page);
            foreach (var note in data.Notes) console.WriteError($"note: {note}");
            console.WriteLine($"wrote {file} ({System.Text.Encoding.UTF8.GetByteCount(page) / 1024} KiB): {data.Cells.Count} cells" +
                (parse.GetValue(previous) is null ? "" : $", {data.Shifts.Count(s => s.Moved)} moved beyond their interval since {parse.GetValue(previous)}"));
            return ExitCodes.Success;
        });
        return command;
    }
}
