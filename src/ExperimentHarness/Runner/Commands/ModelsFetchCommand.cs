using System.CommandLine;
using ExperimentHarness.Models.Hub;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner.Commands;

/// <summary><c>models fetch FAMILY [--members a,b] --dir DIR [--endpoint URL [--trust-endpoint]] [--lock FILE] [--allow-unpinned]</c>.</summary>
public sealed class ModelsFetchCommand(IConsoleOutput console) : IModelsSubcommand
{
    /// <summary>Files always fetched for a member the lock does not pin yet; the weights follow (one file or the shards of an index).</summary>
    private static readonly string[] UnpinnedFiles = ["config.json", "tokenizer.json"];

    private sealed record Request(LockedFamily Family, IReadOnlyList<LockedMember> Members, string Root, Uri Endpoint, TokenPolicy Token);

    public Command Build()
    {
        var family = new Argument<string>("family") { Description = "Family in models.lock.json (pythia, qwen2.5, smollm2)." };
        var members = new Option<string?>("--members") { Description = "Comma-separated members (default: all)." };
        var dir = new Option<string>("--dir") { Description = "Root directory; files go to DIR/<family>/<member>/.", Required = true };
        var endpoint = new Option<string?>("--endpoint") { Description = "Hub endpoint (default $EH_HUB_ENDPOINT or https://huggingface.co)." };
        var lockFile = new Option<string?>("--lock") { Description = "Lock file (default: models.lock.json of this checkout)." };
        var unpinned = new Option<bool>("--allow-unpinned") { Description = "Fetch members without a pinned revision from 'main' and print sizes and sha256 to pin." };
        var trust = new Option<bool>("--trust-endpoint") { Description = "Send $HF_TOKEN to --endpoint too (default: only to https://huggingface.co); same as $EH_HUB_TRUST_ENDPOINT=1." };
        var command = new Command("fetch", "Download pinned checkpoints and verify every file's size and sha256.");
        command.Arguments.Add(family);
        foreach (var o in new Option[] { members, dir, endpoint, trust, lockFile, unpinned }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var lockData = ModelLockReader.Read(LockLocation.Resolve(parse.GetValue(lockFile)));
            var fam = lockData.Family(parse.GetValue(family)!);
            var selected = MemberSelection.Select(fam, parse.GetValue(members));
            if (selected.FirstOrDefault(m => m.Repo.StartsWith(LocalFamily.RepoPrefix, StringComparison.Ordinal)) is { } local)
                throw new InputException($"family '{fam.Name}' was trained here by train-family ({local.Repo}): there is nothing to download; its members are under the models_dir of its config, and `models verify {fam.Name} --dir DIR` checks them");
            var blocked = selected.Where(m => !m.IsPinned).ToList();
            if (blocked.Count > 0 && !parse.GetValue(unpinned))
                throw new InputException($"member(s) {string.Join(", ", blocked.Select(m => m.Name))} of '{fam.Name}' are not pinned ({blocked[0].PinNullReason}); pass --allow-unpinned to fetch from 'main' and print the pins");
            var hub = HubRepository.ParseEndpoint(parse.GetValue(endpoint));
            return await ExecuteAsync(new Request(fam, selected, parse.GetValue(dir)!, hub, TokenPolicy.FromEnvironment(hub, parse.GetValue(trust))), ct);
        });
        return command;
    }

    private async Task<int> ExecuteAsync(Request request, CancellationToken ct)
    {
        var limits = DownloadLimits.Default;
        using var http = HubDownloader.CreateClient(limits);
        var downloader = new HubDownloader(http, limits, console.WriteError);
        foreach (var member in request.Members)
        {
            var repo = new HubRepository(request.Endpoint, member.Repo, member.Revision ?? "main", request.Token);
            var target = MemberSelection.Directory(request.Root, request.Family, member);
            if (member.IsPinned) await FetchPinnedAsync(downloader, repo, request.Family, member, target, ct);
            else await FetchUnpinnedAsync(downloader, repo, $"{request.Family.Name}/{member.Name}", target, ct);
        }
        return ExitCodes.Success;
    }

    private async Task FetchPinnedAsync(HubDownloader downloader, HubRepository repo, LockedFamily family, LockedMember member, string target, CancellationToken ct)
    {
        foreach (var file in member.Files!)
        {
            var destination = HubFileName.Resolve(target, file.Path, repo.Label(file.Path));
            if (File.Exists(destination) && new FileInfo(destination).Length == file.Size)
            {
                console.WriteLine($"present  {family.Name}/{member.Name}/{file.Path} (run models verify to check its sha256)");
                continue;
            }
            await downloader.FetchAsync(repo, file.Path, FileExpectation.Pinned(file.Size, file.Sha256), destination, ct);
            console.WriteLine($"verified {family.Name}/{member.Name}/{file.Path}");
        }
    }

    /// <summary>
    /// A member the lock does not pin: config and tokenizer, then the shards listed in model.safetensors.index.json when
    /// the repository has one (the index is kept), else model.safetensors. Sizes are capped by ceilings (and the index's
    /// total size); the sizes and sha256 are printed to be pinned.
    /// </summary>
    private async Task FetchUnpinnedAsync(HubDownloader downloader, HubRepository repo, string member, string target, CancellationToken ct)
    {
        var weights = await UnpinnedWeightsAsync(downloader, repo, member, target, ct);
        var files = UnpinnedFiles.Select(f => (f, DownloadLimits.UnpinnedMetadataMaxBytes)).Concat(weights);
        foreach (var (path, maxBytes) in files)
        {
            var destination = HubFileName.Resolve(target, path, repo.Label(path));
            var sha = await downloader.FetchAsync(repo, path, FileExpectation.Unpinned(maxBytes), destination, ct);
            console.WriteLine($"UNPINNED {member}/{path} size={new FileInfo(destination).Length} sha256={sha} (from 'main': pin these in the lock)");
        }
    }

    /// <summary>The weight files and their ceilings; the index is checked (JSON, shard names) before it is kept.</summary>
    private async Task<IReadOnlyList<(string Path, long MaxBytes)>> UnpinnedWeightsAsync(HubDownloader downloader, HubRepository repo, string member, string target, CancellationToken ct)
    {
        var label = repo.Label(ShardIndex.FileName);
        ShardIndex? index = null;
        try
        {
            var sha = await downloader.FetchAsync(repo, ShardIndex.FileName, FileExpectation.Unpinned(DownloadLimits.UnpinnedMetadataMaxBytes),
                Path.Combine(target, ShardIndex.FileName), ct, accept: part => index = ShardIndex.Read(part, label));
            console.WriteLine($"UNPINNED {member}/{ShardIndex.FileName} size={new FileInfo(Path.Combine(target, ShardIndex.FileName)).Length} sha256={sha}");
        }
        catch (HttpRequestException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [("model.safetensors", DownloadLimits.UnpinnedWeightsMaxBytes)];
        }
        var maxBytes = Math.Min(index!.TotalSize ?? long.MaxValue, DownloadLimits.UnpinnedWeightsMaxBytes);
        return index.Shards.Select(s => (s, maxBytes)).ToList();
    }
}
