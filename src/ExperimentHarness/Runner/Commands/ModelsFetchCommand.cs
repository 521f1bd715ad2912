using System.CommandLine;
using ExperimentHarness.Models.Hub;

namespace ExperimentHarness.Runner.Commands;

/// <summary><c>models fetch FAMILY [--members a,b] --dir DIR [--endpoint URL] [--lock FILE] [--allow-unpinned]</c>.</summary>
public sealed class ModelsFetchCommand(IConsoleOutput console) : IModelsSubcommand
{
    /// <summary>Files always fetched for a member the lock does not pin yet; the weights follow (one file or the shards of an index).</summary>
    private static readonly string[] UnpinnedFiles = ["config.json", "tokenizer.json"];

    /// <summary>
    /// The weight files of an unpinned member: the shards listed in model.safetensors.index.json when the
    /// repository has one (the index itself is fetched and kept), else model.safetensors.
    /// </summary>
    private async Task<IReadOnlyList<LockedFile>> UnpinnedWeightsAsync(HubDownloader downloader, LockedMember member, string target, CancellationToken ct)
    {
        var index = Path.Combine(target, ShardIndex.FileName);
        var label = $"{member.Repo}@main/{ShardIndex.FileName}";
        string sha;
        try
        {
            sha = await downloader.FetchAsync(member.Repo, "main", ShardIndex.FileName, null, null, index, ct);
        }
        catch (HttpRequestException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [new LockedFile("model.safetensors", -1, "")];
        }
        ShardIndex shards;
        try { shards = ShardIndex.Read(index, label); }
        catch (InputException) { File.Delete(index); throw; }
        console.WriteLine($"UNPINNED {member.Name}/{ShardIndex.FileName} size={new FileInfo(index).Length} sha256={sha}");
        return shards.Shards.Select(f => new LockedFile(f, -1, "")).ToList();
    }

    public Command Build()
    {
        var family = new Argument<string>("family") { Description = "Family in models.lock.json (pythia, qwen2.5, smollm2)." };
        var members = new Option<string?>("--members") { Description = "Comma-separated members (default: all)." };
        var dir = new Option<string>("--dir") { Description = "Root directory; files go to DIR/<family>/<member>/.", Required = true };
        var endpoint = new Option<string?>("--endpoint") { Description = "Hub endpoint (default $EH_HUB_ENDPOINT or https://huggingface.co)." };
        var lockFile = new Option<string?>("--lock") { Description = "Lock file (default: models.lock.json of this checkout)." };
        var unpinned = new Option<bool>("--allow-unpinned") { Description = "Fetch members without a pinned revision from 'main' and print sizes and sha256 to pin." };
        var command = new Command("fetch", "Download pinned checkpoints and verify every file's size and sha256.");
        command.Arguments.Add(family);
        foreach (var o in new Option[] { members, dir, endpoint, lockFile, unpinned }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var lockData = ModelLockReader.Read(LockLocation.Resolve(parse.GetValue(lockFile)));
            var fam = lockData.Family(parse.GetValue(family)!);
            var selected = MemberSelection.Select(fam, parse.GetValue(members));
            var blocked = selected.Where(m => !m.IsPinned).ToList();
            if (blocked.Count > 0 && !parse.GetValue(unpinned))
                throw new InputException($"member(s) {string.Join(", ", blocked.Select(m => m.Name))} of '{fam.Name}' are not pinned ({blocked[0].PinNullReason}); pass --allow-unpinned to fetch from 'main' and print the pins");
            var url = parse.GetValue(endpoint) ?? Environment.GetEnvironmentVariable("EH_HUB_ENDPOINT") ?? "https://huggingface.co";
            using var http = HubDownloader.CreateClient(TimeSpan.FromMinutes(30));
            var downloader = new HubDownloader(http, url, console.WriteError);
            foreach (var member in selected)
            {
                var target = MemberSelection.Directory(parse.GetValue(dir)!, fam, member);
                var files = member.Files ?? UnpinnedFiles.Select(f => new LockedFile(f, -1, "")).ToList();
                if (!member.IsPinned)
                    files = [.. files, .. await UnpinnedWeightsAsync(downloader, member, target, ct)];
                foreach (var file in files)
                {
                    var destination = HubFileName.Resolve(target, file.Path, $"{member.Repo}/{file.Path}");
                    if (member.IsPinned && File.Exists(destination) && new FileInfo(destination).Length == file.Size)
                    {
                        console.WriteLine($"present  {fam.Name}/{member.Name}/{file.Path} (run models verify to check its sha256)");
                        continue;
                    }
                    var sha = await downloader.FetchAsync(member.Repo, member.Revision ?? "main", file.Path,
                        member.IsPinned ? file.Size : null, member.IsPinned ? file.Sha256 : null, destination, ct);
                    console.WriteLine(member.IsPinned
                        ? $"verified {fam.Name}/{member.Name}/{file.Path}"
                        : $"UNPINNED {fam.Name}/{member.Name}/{file.Path} size={new FileInfo(destination).Length} sha256={sha} (from 'main': pin these in the lock)");
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
