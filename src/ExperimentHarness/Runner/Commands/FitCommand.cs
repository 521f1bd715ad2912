using System.CommandLine;
using ExperimentHarness.Fitter;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner.Commands;

/// <summary><c>fit --points FILE.csv | --results DIR --out DIR</c>: scaling fits and compute-equivalent gains with intervals.</summary>
public sealed class FitCommand(IConsoleOutput console) : ICliCommand
{
    public Command Build()
    {
        var points = new Option<string?>("--points") { Description = "CSV: family,model,training_flops,benchmark,stack,accuracy[,n,one_time_flops,inference_flops_per_item,answer_format]." };
        var results = new Option<string?>("--results") { Description = "Directory of run outputs (summary.json files, searched recursively)." };
        var output = new Option<string>("--out") { Description = "Directory for ceg.json, ceg.md and the plots.", Required = true };
        var replicates = WholeNumberOption.Create("--replicates", "Bootstrap replicates.", 1000, min: 0);
        var seed = WholeNumberOption.Create("--seed", "Bootstrap seed.", 20231212);
        var ratio = new Option<double>("--inference-ratio") { Description = "R = inference tokens / pretraining tokens, for net CEG.", DefaultValueFactory = _ => 1.0 };
        var baselineForm = new Option<string>("--baseline")
        {
            Description = "Baseline curve: auto (lower leave-one-out error of logistic and log-linear) or loglinear (the seed paper's appendix A.1 form).",
            DefaultValueFactory = _ => "auto",
        };
        baselineForm.AcceptOnlyFromAmong("auto", "loglinear");
        var extrapolate = new Option<bool>("--extrapolate") { Description = "Beside each bound beyond the largest baseline, report the curve's extrapolated CEG (labelled extrapolated)." };
        var command = new Command("fit", "Fit baseline scaling curves and compute-equivalent gains (CEG).");
        foreach (var option in new Option[] { points, results, output, replicates, seed, ratio, baselineForm, extrapolate }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var (csv, dir) = (parse.GetValue(points), parse.GetValue(results));
            if ((csv is null) == (dir is null)) throw new InputException("give exactly one of --points FILE.csv or --results DIR");
            if (parse.GetValue(ratio) < 0) throw new InputException("--inference-ratio must be ≥ 0");
            OutputFolder.Check(parse.GetValue(output)!, "--out");
            var (data, skipped) = csv is not null ? (PointsCsvReader.Read(csv), (IReadOnlyList<string>)[]) : ResultsReader.Read(dir!);
            CegReport.Write(data, skipped, new FitOptions(parse.GetValue(replicates), parse.GetValue(seed), parse.GetValue(ratio),
                Baseline: parse.GetValue(baselineForm) == "loglinear" ? BaselineForm.LogLinear : BaselineForm.Auto, Extrapolate: parse.GetValue(extrapolate)),
                csv ?? dir!, parse.GetValue(output)!, console);
            return ExitCodes.Success;
        });
        return command;
    }
}
