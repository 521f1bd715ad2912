using System.CommandLine;
using System.Globalization;
using ExperimentHarness.Models.Hub;

namespace ExperimentHarness.Runner.Commands;

/// <summary><c>models list [--dir DIR] [--lock FILE]</c>: families and members with their facts, and what is present locally.</summary>
public sealed class ModelsListCommand(IConsoleOutput console) : IModelsSubcommand
{
    public Command Build()
    {
        var dir = new Option<string?>("--dir") { Description = "Root directory to look for <family>/<member>/ checkpoints." };
        var lockFile = new Option<string?>("--lock") { Description = "Lock file (default: models.lock.json of this checkout)." };
        var command = new Command("list", "List the locked model families and which members are present.");
        command.Options.Add(dir);
        command.Options.Add(lockFile);
        command.SetAction(parse =>
        {
            var lockData = ModelLockReader.Read(LockLocation.Resolve(parse.GetValue(lockFile)));
            console.WriteLine("family/member            params      non-emb     tokens      train FLOPs  pinned  local");
            foreach (var family in lockData.Families)
                foreach (var m in family.Members)
                {
                    var local = parse.GetValue(dir) is { } root ? Presence(Path.Combine(root, family.Name, m.Name), m) : "-";
                    console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{family.Name + "/" + m.Name,-24} {E(m.ParamsTotal),-11} {E(m.ParamsNonEmbedding),-11} {E(m.TrainingTokens),-11} {E(m.TrainingFlops),-12} {(m.IsPinned ? "yes" : "no"),-7} {local}"));
                }
            return ExitCodes.Success;
        });
        return command;
    }

    private static string E(double? v) => v?.ToString("0.00E+0", CultureInfo.InvariantCulture) ?? "null";

    private static string Presence(string dir, LockedMember member)
    {
        if (!Directory.Exists(dir)) return "absent";
        if (member.Files is null) return "present (unpinned)";
        var ok = member.Files.Count(f => File.Exists(Path.Combine(dir, f.Path)) && new FileInfo(Path.Combine(dir, f.Path)).Length == f.Size);
        return ok == member.Files.Count ? "present (sizes match; verify checks sha256)" : $"incomplete ({ok}/{member.Files.Count} files)";
    }
}
