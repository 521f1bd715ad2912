using System.CommandLine;
using ExperimentHarness.Foundation;
using ExperimentHarness.Benchmarks;
using ExperimentHarness.Models.Hub;

namespace ExperimentHarness.Runner.Commands;

/// <summary>
/// <c>data fetch [--dir data]</c> downloads the public benchmark files from pinned commits (verified by size
/// and sha256 before they get their final names); <c>data verify --dir DIR</c> checks a directory.
/// Offline (a host name that does not resolve) the fetch stops at once with one line saying where to place the
/// files, retries nothing and leaves no empty folder behind (a folder is kept only once a file in it is complete).
/// </summary>
public sealed class DataCommand(IConsoleOutput console, IReadOnlyList<PublicDataFile> files, DownloadLimits limits) : ICliCommand
{
    public DataCommand(IConsoleOutput console) : this(console, PublicDataPins.Files, DownloadLimits.Default) { }

    public Command Build()
    {
        var command = new Command("data", "Download or verify the public benchmark files.");
        var fetchDir = new Option<string>("--dir") { Description = "Target directory.", DefaultValueFactory = _ => "data" };
        var fetch = new Command("fetch", "Download missing or wrong files and verify all.");
        fetch.Options.Add(fetchDir);
        fetch.SetAction(async (parse, ct) =>
        {
            using var http = HubDownloader.CreateClient(limits);
            var downloader = new HubDownloader(http, limits, console.WriteError);
            var failed = 0;
            var root = parse.GetValue(fetchDir)!;
            foreach (var file in files)
            {
                var target = Path.Combine(root, file.Path);
                if (await Check(target, file, ct) is null) { console.WriteLine($"ok       {file.Path}"); continue; }
                try
                {
                    await downloader.FetchAsync(new Uri(file.Url), file.Path, FileExpectation.Pinned(file.Size, file.Sha256), target, ct);
                    console.WriteLine($"fetched  {file.Path}");
                }
                catch (HostNotResolvedException) when (!ct.IsCancellationRequested)
                {
                    // Every other file would fail the same way: say once what to do instead.
                    var host = new Uri(file.Url).Host;
                    console.WriteError($"no network (cannot resolve {host}): place the benchmark files under {Path.GetFullPath(root)} " +
                        "(or ../shared/data beside the checkout); see scripts/fetch-data");
                    return ExitCodes.VerificationFailed;
                }
                catch (Exception ex) when (ex is HttpRequestException or VerificationException or IOException && !ct.IsCancellationRequested)
                {
                    console.WriteLine($"FAILED   {file.Path}: {ex.Message}");
                    failed++;
                }
            }
            return failed == 0 ? ExitCodes.Success : ExitCodes.VerificationFailed;
        });
        var verifyDir = new Option<string>("--dir") { Description = "Directory to check.", Required = true };
        var verify = new Command("verify", "Check a directory against the pinned sizes and sha256.");
        verify.Options.Add(verifyDir);
        verify.SetAction(async (parse, ct) =>
        {
            var root = parse.GetValue(verifyDir)!;
            if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"data directory not found: {root} (--dir; 'data fetch --dir {root}' downloads the files)");
            var bad = 0;
            foreach (var file in files)
            {
                var problem = await Check(Path.Combine(root, file.Path), file, ct);
                if (problem is not null) bad++;
                console.WriteLine(problem is null ? $"ok       {file.Path}" : $"BAD      {file.Path}: {problem}");
            }
            return bad == 0 ? ExitCodes.Success : ExitCodes.VerificationFailed;
        });
        command.Subcommands.Add(fetch);
        command.Subcommands.Add(verify);
        return command;
    }

    private static Task<string?> Check(string path, PublicDataFile file, CancellationToken ct) => ContentHash.MismatchAsync(path, file.Size, file.Sha256, ct);
}
