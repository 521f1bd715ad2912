using System.CommandLine;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models.Hub;

namespace ExperimentHarness.Runner.Commands;

/// <summary><c>models verify FAMILY [--members a,b] --dir DIR [--lock FILE]</c>: checks presence, size and sha256 of every pinned file.</summary>
public sealed class ModelsVerifyCommand(IConsoleOutput console) : IModelsSubcommand
{
    public Command Build()
    {
        var family = new Argument<string>("family") { Description = "Family in models.lock.json." };
        var members = new Option<string?>("--members") { Description = "Comma-separated members (default: all)." };
        var dir = new Option<string>("--dir") { Description = "Root directory holding <family>/<member>/.", Required = true };
        var lockFile = new Option<string?>("--lock") { Description = "Lock file (default: models.lock.json of this checkout)." };
        var command = new Command("verify", "Check local checkpoint files against models.lock.json.");
        command.Arguments.Add(family);
        foreach (var o in new Option[] { members, dir, lockFile }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var fam = ModelLockReader.Read(LockLocation.Resolve(parse.GetValue(lockFile))).Family(parse.GetValue(family)!);
            var root = parse.GetValue(dir)!;
            if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"models directory not found: {root} (--dir; 'models fetch' downloads into it)");
            var problems = 0;
            foreach (var member in MemberSelection.Select(fam, parse.GetValue(members)))
            {
                if (!member.IsPinned)
                {
                    console.WriteLine($"UNPINNED {fam.Name}/{member.Name}: {member.PinNullReason}");
                    problems++;
                    continue;
                }
                var memberDir = MemberSelection.Directory(root, fam, member);
                if (!Directory.Exists(memberDir))
                {
                    console.WriteLine($"MISSING  {fam.Name}/{member.Name}: folder {memberDir} does not exist ({member.Files!.Count} pinned files)");
                    problems++;
                    continue;
                }
                foreach (var file in member.Files!)
                {
                    var path = Path.Combine(memberDir, file.Path);
                    var status = await Check(path, file, ct);
                    if (status is not null) problems++;
                    console.WriteLine(status is null ? $"ok       {fam.Name}/{member.Name}/{file.Path}" : $"BAD      {fam.Name}/{member.Name}/{file.Path}: {status}");
                }
            }
            return problems == 0 ? ExitCodes.Success : ExitCodes.VerificationFailed;
        });
        return command;
    }

    private static Task<string?> Check(string path, LockedFile file, CancellationToken ct) => ContentHash.MismatchAsync(path, file.Size, file.Sha256, ct);
}
