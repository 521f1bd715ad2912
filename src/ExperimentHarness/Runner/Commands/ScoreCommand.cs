using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ExperimentHarness.Scoring;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner.Commands;

/// <summary><c>score --task NAME --completions FILE --out DIR [--skip-bad]</c>: re-scores recorded completions, no model needed.</summary>
public sealed class ScoreCommand(IConsoleOutput console) : ICliCommand
{
    public Command Build()
    {
        var task = new Option<string>("--task") { Description = "Task whose answer format applies: " + string.Join(", ", TaskRegistry.ScoredNames.Order()), Required = true };
        var completions = new Option<string>("--completions") { Description = "JSONL with question, completion and gold per line.", Required = true };
        var output = new Option<string>("--out") { Description = "Directory for summary.json and scored.jsonl.", Required = true };
        var skipBad = new Option<bool>("--skip-bad") { Description = "Skip (and count) malformed lines instead of stopping." };
        var command = new Command("score", "Score recorded completions (strict and flexible extraction).");
        command.Options.Add(task);
        command.Options.Add(completions);
        command.Options.Add(output);
        command.Options.Add(skipBad);
        command.SetAction(parse =>
        {
            var dir = OutputFolder.Check(parse.GetValue(output)!, "--out");
            var scorer = TaskRegistry.Scorer(parse.GetValue(task)!);
            var result = new RecordedCompletionScorer(scorer).Score(parse.GetValue(completions)!, parse.GetValue(skipBad));
            AtomicFile.WriteAllText(Path.Combine(dir, "scored.jsonl"), string.Concat(result.Scored.Select(s => s.ToJsonString() + "\n")));
            AtomicFile.WriteAllText(Path.Combine(dir, "summary.json"), result.Summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{scorer.Task}: n={result.Summary["n"]} strict={result.Summary["strict"]!["accuracy"]!.GetValue<double>():F4} flexible={result.Summary["flexible"]!["accuracy"]!.GetValue<double>():F4} skipped_bad={result.Summary["skipped_bad"]}"));
            return ExitCodes.Success;
        });
        return command;
    }
}
