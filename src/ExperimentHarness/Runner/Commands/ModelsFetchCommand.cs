using System.CommandLine;
using ExperimentHarness.Models.Hub;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner.Commands;

/// <summary><c>models fetch FAMILY [--members a,b] --dir DIR [--endpoint URL [--trust-endpoint]] [--lock FILE] [--allow-unpinned [--pin]]</c>.</summary>
public sealed class ModelsFetchCommand(IConsoleOutput console) : IModelsSubcommand
{
    /// <summary>Files always fetched for a member the lock does not pin yet; the weights follow (one file or the shards of an index).</summary>
    private static readonly string[] UnpinnedFiles = ["config.json", "tokenizer.json"];

    private sealed record Request(LockedFamily Family, IReadOnlyList<LockedMember> Members, string Root, Uri Endpoint, TokenPolicy Token, string? PinInto);

    public Command Build()
    {
        var family = new Argument<string>("family") { Description = "Family in models.lock.json (pythia, qwen2.5, smollm2)." };
        var members = new Option<string?>("--members") { Description = "Comma-separated members (default: all)." };
        var dir = new Option<string>("--dir") { Description = "Root directory; files go to DIR/<family>/<member>/.", Required = true };
        var endpoint = new Option<string?>("--endpoint") { Description = "Hub endpoint (default $EH_HUB_ENDPOINT or https://huggingface.co)." };
        var lockFile = new Option<string?>("--lock") { Description = "Lock file (default: models.lock.json of this checkout)." };
        var unpinned = new Option<bool>("--allow-unpinned") { Description = "Fetch members without a pinned revision from 'main' and print sizes and sha256 to pin." };
        var pin = new Option<bool>("--pin") { Description = "With --allow-unpinned: fetch the commit 'main' points at and write that revision and every file's size and sha256 into the lock." };
        var trust = new Option<bool>("--trust-endpoint") { Description = "Send $HF_TOKEN to --endpoint too (default: only to https://huggingface.co); same as $EH_HUB_TRUST_ENDPOINT=1." };
        var command = new Command("fetch", "Download pinned checkpoints and verify every file's size and sha256.");
        command.Arguments.Add(family);
        foreach (var o in new Option[] { members, dir, endpoint, trust, lockFile, unpinned, pin }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var lockPath = LockLocation.Resolve(parse.GetValue(lockFile));
            var lockData = ModelLockReader.Read(lockPath);
            if (parse.GetValue(pin) && !parse.GetValue(unpinned))
                throw new InputException("--pin writes pins for members fetched with --allow-unpinned; pass both");
            var fam = lockData.Family(parse.GetValue(family)!);
            var selected = MemberSelection.Select(fam, parse.GetValue(members));
            if (selected.FirstOrDefault(m => m.Repo.StartsWith(LocalFamily.RepoPrefix, StringComparison.Ordinal)) is { } local)
                throw new InputException($"family '{fam.Name}' was trained here by train-family ({local.Repo}): there is nothing to download; its members are under the models_dir of its config, and `models verify {fam.Name} --dir DIR` checks them");
            var blocked = selected.Where(m => !m.IsPinned).ToList();
            if (blocked.Count > 0 && !parse.GetValue(unpinned))
                throw new InputException($"member(s) {string.Join(", ", blocked.Select(m => m.Name))} of '{fam.Name}' are not pinned ({blocked[0].PinNullReason}); pass --allow-unpinned to fetch from 'main' and print the pins");
            var hub = HubRepository.ParseEndpoint(parse.GetValue(endpoint));
            return await ExecuteAsync(new Request(fam, selected, parse.GetValue(dir)!, hub, TokenPolicy.FromEnvironment(hub, parse.GetValue(trust)),
                parse.GetValue(pin) ? lockPath : null), ct);
        });
        return command;
    }

    private async Task<int> ExecuteAsync(Request request, CancellationToken ct)
    {
        var limits = DownloadLimits.Default;
        using var http = HubDownloader.CreateClient(limits);
        var downloader = new HubDownloader(http, limits, console.WriteError);
        var pins = new List<LockedMember>();
        foreach (var member in request.Members)
        {
            var repo = new HubRepository(request.Endpoint, member.Repo, member.Revision ?? "main", request.Token);
            var target = MemberSelection.Directory(request.Root, request.Family, member);
            if (member.IsPinned) { await FetchPinnedAsync(downloader, repo, request.Family, member, target, ct); continue; }
            if (request.PinInto is not null)
            {
                Directory.CreateDirectory(target);
                repo = repo with { Revision = await HubRevision.ResolveAsync(downloader, repo, target, ct) };
                console.WriteLine($"pinning  {request.Family.Name}/{member.Name}: 'main' is {repo.Revision}");
            }
            var files = await FetchUnpinnedAsync(downloader, repo, $"{request.Family.Name}/{member.Name}", target, ct);
            pins.Add(member with { Revision = repo.Revision, Files = files, PinNullReason = null });
        }
        if (request.PinInto is { } lockFile && pins.Count > 0) WritePins(lockFile, request.Family.Name, pins);
        return ExitCodes.Success;
    }

    /// <summary>Re-reads the lock (it may have changed during a long download) and replaces only the pinned members, atomically.</summary>
    private void WritePins(string lockFile, string familyName, IReadOnlyList<LockedMember> pins)
    {
        var family = ModelLockReader.Read(lockFile).Family(familyName);
        var byName = pins.ToDictionary(p => p.Name, StringComparer.Ordinal);
        ModelLockWriter.WriteFamily(lockFile, family with { Members = family.Members.Select(m => byName.GetValueOrDefault(m.Name, m)).ToList() });
        console.WriteLine($"pinned   {string.Join(", ", pins.Select(p => $"{familyName}/{p.Name}@{p.Revision} ({p.Files!.Count} files)"))} in {lockFile}");
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
    private async Task<IReadOnlyList<LockedFile>> FetchUnpinnedAsync(HubDownloader downloader, HubRepository repo, string member, string target, CancellationToken ct)
    {
        var verified = new List<LockedFile>();
        var weights = await UnpinnedWeightsAsync(downloader, repo, member, target, verified, ct);
        var files = UnpinnedFiles.Select(f => (f, DownloadLimits.UnpinnedMetadataMaxBytes)).Concat(weights);
        foreach (var (path, maxBytes) in files)
        {
            var destination = HubFileName.Resolve(target, path, repo.Label(path));
            var sha = await downloader.FetchAsync(repo, path, FileExpectation.Unpinned(maxBytes), destination, ct);
            var size = new FileInfo(destination).Length;
            verified.Add(new LockedFile(path, size, sha));
            console.WriteLine($"UNPINNED {member}/{path} size={size} sha256={sha} (from '{repo.Revision}': pin these in the lock)");
        }
        return verified;
    }

    /// <summary>The weight files and their ceilings; the index is checked (JSON, shard names) before it is kept.</summary>
    private async Task<IReadOnlyList<(string Path, long MaxBytes)>> UnpinnedWeightsAsync(HubDownloader downloader, HubRepository repo, string member, string target,
        List<LockedFile> verified, CancellationToken ct)
    {
        var label = repo.Label(ShardIndex.FileName);
        ShardIndex? index = null;
        try
        {
            var sha = await downloader.FetchAsync(repo, ShardIndex.FileName, FileExpectation.Unpinned(DownloadLimits.UnpinnedMetadataMaxBytes),
                Path.Combine(target, ShardIndex.FileName), ct, accept: part => index = ShardIndex.Read(part, label));
            var size = new FileInfo(Path.Combine(target, ShardIndex.FileName)).Length;
            verified.Add(new LockedFile(ShardIndex.FileName, size, sha));
            console.WriteLine($"UNPINNED {member}/{ShardIndex.FileName} size={size} sha256={sha}");
        }
        catch (HttpRequestException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [("model.safetensors", DownloadLimits.UnpinnedWeightsMaxBytes)];
        }
        var maxBytes = Math.Min(index!.TotalSize ?? long.MaxValue, DownloadLimits.UnpinnedWeightsMaxBytes);
        return index.Shards.Select(s => (s, maxBytes)).ToList();
    }
}
