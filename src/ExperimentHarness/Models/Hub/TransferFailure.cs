using System.Net;
using System.Net.Sockets;

namespace ExperimentHarness.Models.Hub;

/// <summary>Which failed attempts are worth another (network trouble, timeouts, server errors) and how to say what went wrong in one line.</summary>
public static class TransferFailure
{
    public static bool IsRetryable(Exception ex) => !IsNameResolution(ex) && ex switch
    {
        HttpRequestException { StatusCode: null } => true,
        HttpRequestException { StatusCode: { } code } => (int)code >= 500 || code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        IOException or TimeoutException => true,
        _ => false,
    };

    /// <summary>
    /// True when the host name could not be resolved (no network, no DNS, or an unknown host): retrying cannot help,
    /// and without this check an offline machine would spend minutes "resuming" transfers that never started.
    /// </summary>
    public static bool IsNameResolution(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData })
                return true;
        return false;
    }

    /// <summary>The failure on one line, for the retry log and the final error.</summary>
    public static string Describe(Exception ex) => ex.Message.ReplaceLineEndings(" ");
}
