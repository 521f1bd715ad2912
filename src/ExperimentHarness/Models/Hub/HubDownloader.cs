using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace ExperimentHarness.Models.Hub;

/// <summary>
/// Downloads checkpoint files from a Hugging Face-compatible endpoint
/// (<c>{endpoint}/{repo}/resolve/{revision}/{path}</c>). Bytes go to <c>file.part</c>; a dropped connection
/// resumes with an HTTP Range request from the bytes already there (bounded retries with backoff); only a
/// file whose size and sha256 match is renamed to its final name. A mismatch deletes the .part.
/// </summary>
public sealed class HubDownloader(HttpClient http, string endpoint, Action<string> log, int maxAttempts = 5, TimeSpan? backoff = null)
{
    private readonly TimeSpan _backoff = backoff ?? TimeSpan.FromSeconds(1);

    public static HttpClient CreateClient(TimeSpan timeout)
    {
        var client = new HttpClient { Timeout = timeout };
        if (Environment.GetEnvironmentVariable("HF_TOKEN") is { Length: > 0 } token)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Downloads and verifies one pinned file of a hub repository into <paramref name="target"/>; returns its sha256.</summary>
    public Task<string> FetchAsync(string repo, string revision, string path, long? expectedSize, string? expectedSha256, string target, CancellationToken ct) =>
        FetchUrlAsync($"{endpoint.TrimEnd('/')}/{repo}/resolve/{revision}/{path}", $"{repo}@{revision}/{path}", expectedSize, expectedSha256, target, ct);

    /// <summary>Downloads and verifies any URL into <paramref name="target"/> (same .part, resume and verification rules); returns its sha256.</summary>
    public async Task<string> FetchUrlAsync(string url, string label, long? expectedSize, string? expectedSha256, string target, CancellationToken ct)
    {
        var path = label;
        var part = target + ".part";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DownloadToPartAsync(url, part, ct);
                break;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested && attempt < maxAttempts)
            {
                if (ex is HttpRequestException { StatusCode: HttpStatusCode.NotFound or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden })
                    throw;
                var have = File.Exists(part) ? new FileInfo(part).Length : 0;
                log($"{path}: transfer interrupted after {have} bytes ({ex.Message}); resuming (attempt {attempt + 1}/{maxAttempts})");
                await Task.Delay(_backoff * attempt, ct);
            }
        }
        var size = new FileInfo(part).Length;
        string sha;
        await using (var stream = File.OpenRead(part)) sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        if ((expectedSize is { } s && s != size) || (expectedSha256 is { } e && !e.Equals(sha, StringComparison.OrdinalIgnoreCase)))
        {
            File.Delete(part);
            throw new VerificationException($"{label}: downloaded file does not match its pin " +
                $"(size {size}, expected {expectedSize?.ToString() ?? "?"}; sha256 {sha}, expected {expectedSha256 ?? "?"}); nothing was installed");
        }
        File.Move(part, target, overwrite: true);
        return sha;
    }

    private async Task DownloadToPartAsync(string url, string part, CancellationToken ct)
    {
        var have = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable) return;     // already complete
        response.EnsureSuccessStatusCode();
        var resumed = have > 0 && response.StatusCode == HttpStatusCode.PartialContent;
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await using var file = new FileStream(part, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write);
        await body.CopyToAsync(file, ct);
        if (response.Content.Headers.ContentLength is { } length && file.Length != (resumed ? have : 0) + length)
            throw new IOException($"connection closed early ({file.Length} of {(resumed ? have : 0) + length} bytes)");
    }
}
