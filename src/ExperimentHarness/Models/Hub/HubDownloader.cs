using System.Net;
using System.Net.Http.Headers;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Hub;

/// <summary>
/// Downloads one file into <c>target.part</c> and gives it its final name only when it matches its
/// <see cref="FileExpectation"/> (and the caller's check, if any). Reading stops at the expected size or ceiling;
/// an attempt fails when no bytes arrive for the idle timeout; a failed attempt resumes with an HTTP Range
/// request from the bytes already in the .part (bounded attempts with backoff). A mismatch deletes the .part.
/// </summary>
public sealed class HubDownloader(HttpClient http, DownloadLimits limits, Action<string> log)
{
    /// <summary>A client that follows no redirects itself (<see cref="SendAsync"/> checks each hop) and has no overall timeout (the idle timeout bounds each attempt).</summary>
    public static HttpClient CreateClient(DownloadLimits limits) =>
        new(new SocketsHttpHandler { ConnectTimeout = limits.ConnectTimeout, AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Downloads any URL (the public data files) without credentials; see the repository overload.</summary>
    public Task<string> FetchAsync(Uri url, string label, FileExpectation expected, string target, CancellationToken ct) =>
        FetchAsync(url, label, expected, target, TokenPolicy.None, null, ct);

    /// <summary>
    /// Downloads a file of <paramref name="repo"/> into <paramref name="target"/> and returns its sha256, with the bearer
    /// token where the repository's <see cref="TokenPolicy"/> allows. <paramref name="accept"/> sees the complete .part
    /// before it is renamed; an <see cref="InputException"/> from it deletes the .part.
    /// </summary>
    public Task<string> FetchAsync(HubRepository repo, string path, FileExpectation expected, string target, CancellationToken ct, Action<string>? accept = null) =>
        FetchAsync(repo.FileUrl(path), repo.Label(path), expected, target, repo.Token, accept, ct);

    private async Task<string> FetchAsync(Uri url, string label, FileExpectation expected, string target, TokenPolicy token, Action<string>? accept, CancellationToken ct)
    {
        var part = target + ".part";
        var created = CreateDirectories(Path.GetDirectoryName(Path.GetFullPath(target))!);
        try
        {
            if (!File.Exists(part) || new FileInfo(part).Length != expected.Size)
                await DownloadWithRetriesAsync(url, label, expected, part, token, ct);
            var sha = await VerifyAsync(part, label, expected, ct);
            accept?.Invoke(part);
            File.Move(part, target, overwrite: true);
            return sha;
        }
        catch (Exception ex)
        {
            if (ex is VerificationException or InputException) File.Delete(part);
            RemoveEmpty(created);       // a failed first file leaves no empty folder that would look like a fetched suite
            throw;
        }
    }

    /// <summary>Creates <paramref name="directory"/> and returns the folders that did not exist, deepest first.</summary>
    private static List<string> CreateDirectories(string directory)
    {
        var missing = new List<string>();
        for (var d = directory; !string.IsNullOrEmpty(d) && !Directory.Exists(d); d = Path.GetDirectoryName(d)) missing.Add(d);
        Directory.CreateDirectory(directory);
        return missing;
    }

    private static void RemoveEmpty(List<string> created)
    {
        foreach (var directory in created)
        {
            try
            {
                if (!Directory.Exists(directory) || Directory.EnumerateFileSystemEntries(directory).Any()) return;
                Directory.Delete(directory);
            }
            catch (IOException) { return; }
            catch (UnauthorizedAccessException) { return; }
        }
    }

    private async Task DownloadWithRetriesAsync(Uri url, string label, FileExpectation expected, string part, TokenPolicy token, CancellationToken ct)
    {
        if (File.Exists(part) && new FileInfo(part).Length > expected.MaxBytes) File.Delete(part);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await AttemptAsync(url, label, expected, part, token, ct);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && TransferFailure.IsRetryable(ex))
            {
                var have = File.Exists(part) ? new FileInfo(part).Length : 0;
                if (attempt >= limits.MaxAttempts)
                    throw new HttpRequestException($"{label}: {TransferFailure.Describe(ex)} ({url}); gave up after {attempt} attempts ({have} bytes kept in the .part for the next run)", ex);
                log($"{label}: transfer interrupted after {have} bytes ({TransferFailure.Describe(ex)}); resuming (attempt {attempt + 1}/{limits.MaxAttempts})");
                await Task.Delay(limits.Backoff * attempt, ct);
            }
            catch (HttpRequestException ex) when (!ct.IsCancellationRequested && TransferFailure.IsNameResolution(ex))
            {
                throw new HostNotResolvedException($"{label}: cannot resolve {url.Host} ({TransferFailure.Describe(ex)}); no network or no DNS, not retried", ex);
            }
            catch (HttpRequestException ex) when (!ct.IsCancellationRequested)
            {
                throw new HttpRequestException($"{label}: {TransferFailure.Describe(ex)} ({url})", ex, ex.StatusCode);
            }
        }
    }

    /// <summary>One request: the idle timer covers the wait for headers and each gap between body reads.</summary>
    private async Task AttemptAsync(Uri url, string label, FileExpectation expected, string part, TokenPolicy token, CancellationToken ct)
    {
        var have = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        idle.CancelAfter(limits.IdleTimeout);
        try
        {
            using var response = await SendAsync(url, have, token, idle.Token);
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && have > 0) return;     // already complete
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"HTTP {(int)response.StatusCode} ({response.ReasonPhrase})", null, response.StatusCode);
            var start = have > 0 && response.StatusCode == HttpStatusCode.PartialContent ? have : 0;
            var length = response.Content.Headers.ContentLength;
            if (start + length > expected.MaxBytes) throw TooLarge(label, url, expected, $"the server announces {start + length} bytes");
            await using var body = await response.Content.ReadAsStreamAsync(idle.Token);
            await using var file = new FileStream(part, start > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write);
            if (!await BoundedBodyCopy.CopyAsync(body, file, expected.MaxBytes - start, limits.IdleTimeout, idle))
                throw TooLarge(label, url, expected, "the server sent more bytes");
            if (length is { } l && file.Length != start + l)
                throw new IOException($"connection closed early ({file.Length} of {start + l} bytes)");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException(idle.IsCancellationRequested
                ? $"no bytes for {limits.IdleTimeout.TotalSeconds:0.###} s"
                : $"no connection within {limits.ConnectTimeout.TotalSeconds:0.###} s");
        }
    }

    /// <summary>A GET from <paramref name="rangeFrom"/> that follows at most MaxRedirects redirects, each checked by <see cref="RedirectHop"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(Uri url, long rangeFrom, TokenPolicy token, CancellationToken ct)
    {
        var current = url;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            if (rangeFrom > 0) request.Headers.Range = new RangeHeaderValue(rangeFrom, null);
            if (token.TokenFor(current, url) is { } bearer) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!RedirectHop.IsRedirect(response.StatusCode)) return response;
            using (response)
            {
                if (hop >= limits.MaxRedirects)
                    throw new HttpRequestException($"more than {limits.MaxRedirects} redirects; not followed", null, response.StatusCode);
                current = RedirectHop.Next(current, response.Headers.TryGetValues("Location", out var location) ? location.FirstOrDefault() : null, response.StatusCode);
            }
        }
    }

    private static VerificationException TooLarge(string label, Uri url, FileExpectation expected, string what) =>
        new($"{label}: {what}, more than the {(expected.Size is null ? "unpinned ceiling of" : "pinned size of")} {expected.MaxBytes} bytes ({url}); stopped reading, nothing was installed");

    private static async Task<string> VerifyAsync(string part, string label, FileExpectation expected, CancellationToken ct)
    {
        var size = new FileInfo(part).Length;
        var sha = await ContentHash.OfFileAsync(part, ct);
        if ((expected.Size is { } s && s != size) || (expected.Sha256 is { } e && !e.Equals(sha, StringComparison.OrdinalIgnoreCase)))
            throw new VerificationException($"{label}: downloaded file does not match its pin " +
                $"(size {size}, expected {expected.Size?.ToString() ?? "?"}; sha256 {sha}, expected {expected.Sha256 ?? "?"}); nothing was installed");
        return sha;
    }
}
