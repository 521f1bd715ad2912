using System.Net;

namespace ExperimentHarness.Models.Hub;

/// <summary>Which failed attempts are worth another (network trouble, timeouts, server errors) and how to say what went wrong in one line.</summary>
public static class TransferFailure
{
    public static bool IsRetryable(Exception ex) => ex switch
    {
        HttpRequestException { StatusCode: null } => true,
        HttpRequestException { StatusCode: { } code } => (int)code >= 500 || code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        IOException or TimeoutException => true,
        _ => false,
    };

    /// <summary>The failure on one line, for the retry log and the final error.</summary>
    public static string Describe(Exception ex) => ex.Message.ReplaceLineEndings(" ");
}
