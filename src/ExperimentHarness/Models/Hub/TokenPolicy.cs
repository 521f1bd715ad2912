namespace ExperimentHarness.Models.Hub;

/// <summary>
/// Which requests carry <c>$HF_TOKEN</c> as a bearer token: only requests to the origin (scheme, host, port) a
/// download started at, and only when that origin is <c>https://huggingface.co</c> or the endpoint the user marked
/// trusted (<c>--trust-endpoint</c> or <c>$EH_HUB_TRUST_ENDPOINT=1</c>). A redirect to another origin (the hub's
/// CDN, or anything else) never carries it; <see cref="None"/> (the data downloader's) never sends one.
/// </summary>
public sealed class TokenPolicy(string? token, Uri? trustedEndpoint)
{
    public const string TokenVariable = "HF_TOKEN";
    public const string TrustVariable = "EH_HUB_TRUST_ENDPOINT";

    private static readonly Uri Hub = new(HubRepository.DefaultEndpoint);

    public static readonly TokenPolicy None = new(null, null);

    /// <summary>The token from <c>$HF_TOKEN</c>; the endpoint is trusted when the flag is given or <c>$EH_HUB_TRUST_ENDPOINT</c> is 1.</summary>
    public static TokenPolicy FromEnvironment(Uri endpoint, bool trustEndpoint) =>
        new(Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } t ? t : null,
            trustEndpoint || Environment.GetEnvironmentVariable(TrustVariable) == "1" ? endpoint : null);

    /// <summary>The token for a request to <paramref name="request"/> in a download that started at <paramref name="start"/>, or null.</summary>
    public string? TokenFor(Uri request, Uri start)
    {
        if (token is null || !SameOrigin(request, start)) return null;
        return SameOrigin(request, Hub) || (trustedEndpoint is not null && SameOrigin(request, trustedEndpoint)) ? token : null;
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;
}
