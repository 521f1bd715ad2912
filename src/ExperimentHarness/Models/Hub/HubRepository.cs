using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Hub;

/// <summary>
/// A repository revision on a Hugging Face-compatible endpoint: files are at <c>{endpoint}/{repo}/resolve/{revision}/{path}</c>;
/// <see cref="Token"/> says which of its requests may carry <c>$HF_TOKEN</c>.
/// </summary>
public sealed record HubRepository(Uri Endpoint, string Repo, string Revision, TokenPolicy Token)
{
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>The file's URL, each path segment escaped (names are checked by <see cref="HubFileName"/> first).</summary>
    public Uri FileUrl(string path) =>
        new($"{Endpoint.AbsoluteUri.TrimEnd('/')}/{Escape(Repo)}/resolve/{Escape(Revision)}/{Escape(path)}");

    /// <summary>How messages name the file: <c>repo@revision/path</c>.</summary>
    public string Label(string path) => $"{Repo}@{Revision}/{path}";

    /// <summary>The endpoint from --endpoint, $EH_HUB_ENDPOINT or the default; anything but an absolute http(s) URL is an input error.</summary>
    public static Uri ParseEndpoint(string? given)
    {
        var text = given ?? Environment.GetEnvironmentVariable("EH_HUB_ENDPOINT") ?? DefaultEndpoint;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Query.Length == 0 && uri.Fragment.Length == 0)
            return uri;
        throw new InputException($"--endpoint / $EH_HUB_ENDPOINT: '{text}' is not an http(s) URL without query or fragment");
    }

    private static string Escape(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
