using System.CommandLine;
using ExperimentHarness.Foundation;
using ExperimentHarness.Store;

namespace ExperimentHarness.Runner.Commands;

/// <summary><c>merge --out DIR STORE...</c>: combines shard result stores into one; conflicting duplicates refuse the merge (exit 3, nothing written).</summary>
public sealed class MergeCommand(IConsoleOutput console) : ICliCommand
{
    public Command Build()
    {
        var output = new Option<string>("--out") { Description = "New directory for the merged store (must not exist, or be empty).", Required = true };
        var stores = new Argument<string[]>("stores") { Description = "Output directories of the runs (shards) to merge.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("merge", "Merge shard result stores into one (identical duplicates kept once, conflicting ones refused).");
        command.Options.Add(output);
        command.Arguments.Add(stores);
        command.SetAction(parse =>
        {
            var target = OutputFolder.Check(parse.GetValue(output)!, "--out");
            var result = StoreMerge.Merge(parse.GetValue(stores)!, target);
            foreach (var note in result.Notes) console.WriteError($"note: {note}");
            console.WriteLine($"merged {parse.GetValue(stores)!.Length} stores into {target}: {result.Cells} cells, {result.Items} items " +
                $"({result.IdenticalDuplicates} identical duplicates kept once), {result.Summaries} summaries");
            return ExitCodes.Success;
        });
        return command;
    }
}
