using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Hub;

/// <summary>
/// The commit a branch of a hub repository points at now, from <c>{endpoint}/api/models/{repo}/revision/{branch}</c>
/// (its <c>sha</c>): what <c>models fetch --pin</c> fetches from and writes to the lock, so the pin names an immutable
/// revision and the files verified are that revision's.
/// </summary>
public static class HubRevision
{
    public const long MaxResponseBytes = 1 << 20;

    public static async Task<string> ResolveAsync(HubDownloader downloader, HubRepository repo, string scratchDirectory, CancellationToken ct)
    {
        var url = new Uri($"{repo.Endpoint.AbsoluteUri.TrimEnd('/')}/api/models/{string.Join('/', repo.Repo.Split('/').Select(Uri.EscapeDataString))}/revision/{Uri.EscapeDataString(repo.Revision)}");
        var file = Path.Combine(scratchDirectory, $".revision-{Guid.NewGuid():N}.json");
        try
        {
            await downloader.FetchAsync(url, $"{repo.Repo}@{repo.Revision} (revision)", FileExpectation.Unpinned(MaxResponseBytes), file, ct);
            string? sha = null;
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file));
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("sha", out var value) && value.ValueKind == JsonValueKind.String)
                    sha = value.GetString();
            }
            catch (JsonException) { }
            if (sha is null || sha.Length != 40 || !sha.All(Uri.IsHexDigit))
                throw new InputException($"{url}: expected a JSON object with 'sha' (a 40-hex commit id); the hub answered something else");
            return sha.ToLowerInvariant();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
