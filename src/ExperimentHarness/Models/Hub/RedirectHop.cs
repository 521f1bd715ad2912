using System.Net;

namespace ExperimentHarness.Models.Hub;

/// <summary>
/// The rule for following one redirect: the Location must resolve to an http or https URL, and https never
/// steps down to http. Anything else is refused with a one-line error (an HttpRequestException carrying the
/// redirect's status, so it is not retried).
/// </summary>
public static class RedirectHop
{
    public static bool IsRedirect(HttpStatusCode code) =>
        code is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    public static Uri Next(Uri from, string? location, HttpStatusCode code)
    {
        if (string.IsNullOrWhiteSpace(location))
            throw Refused($"HTTP {(int)code} redirect without a Location", code);
        if (!Uri.TryCreate(from, location, out var next))
            throw Refused($"redirected to '{Printable(location)}', which is not a URL; not followed", code);
        if (next.Scheme is not ("http" or "https"))
            throw Refused($"redirected to '{Printable(location)}', which is not http(s); not followed", code);
        if (from.Scheme == "https" && next.Scheme == "http")
            throw Refused($"redirected from https to plain http ('{Printable(location)}'); not followed", code);
        return next;
    }

    private static HttpRequestException Refused(string message, HttpStatusCode code) => new(message, null, code);

    private static string Printable(string text) => text.Length > 200 ? text[..200] + "..." : text.ReplaceLineEndings(" ");
}
