using System.Net;
using ExperimentHarness.Models.Hub;

namespace ExperimentHarness.Tests.Models.Hub;

public class TokenPolicyTests
{
    [Theory]
    [InlineData("https://huggingface.co/org/m/resolve/main/config.json", "https://huggingface.co/org/m/resolve/main/config.json", true)]
    [InlineData("https://huggingface.co/api/resolve-cache/x", "https://huggingface.co/org/m/resolve/main/x", true)]
    [InlineData("http://huggingface.co/org/m/resolve/main/x", "http://huggingface.co/org/m/resolve/main/x", false)]
    [InlineData("https://huggingface.co:8443/x", "https://huggingface.co:8443/x", false)]
    [InlineData("https://huggingface.co.example.org/x", "https://huggingface.co.example.org/x", false)]
    [InlineData("https://cdn-lfs.huggingface.co/x", "https://huggingface.co/org/m/resolve/main/x", false)]
    [InlineData("http://127.0.0.1:9/x", "http://127.0.0.1:9/x", false)]
    public void TheTokenGoesOnlyToTheHubOverHttpsAndNeverAcrossOrigins(string request, string start, bool sent)
    {
        var policy = new TokenPolicy("secret", trustedEndpoint: null);
        Assert.Equal(sent ? "secret" : null, policy.TokenFor(new Uri(request), new Uri(start)));
        Assert.Null(TokenPolicy.None.TokenFor(new Uri(request), new Uri(start)));
    }

    [Fact]
    public void ATrustedEndpointGetsTheTokenButNotTheHostsItRedirectsTo()
    {
        var policy = new TokenPolicy("secret", new Uri("http://127.0.0.1:8080/"));
        Assert.Equal("secret", policy.TokenFor(new Uri("http://127.0.0.1:8080/org/m/resolve/main/x"), new Uri("http://127.0.0.1:8080/org/m/resolve/main/x")));
        Assert.Null(policy.TokenFor(new Uri("http://127.0.0.1:8081/x"), new Uri("http://127.0.0.1:8080/org/m/resolve/main/x")));
        Assert.Null(policy.TokenFor(new Uri("https://huggingface.co/x"), new Uri("http://127.0.0.1:8080/x")));
    }

    [Theory]
    [InlineData("https://hub.example/a", "/b", "https://hub.example/b")]
    [InlineData("https://hub.example/a", "https://cdn.example/b?sig=1", "https://cdn.example/b?sig=1")]
    [InlineData("http://hub.example/a", "https://cdn.example/b", "https://cdn.example/b")]
    public void RedirectsToHttpOrHttpsAreFollowed(string from, string location, string next) =>
        Assert.Equal(new Uri(next), RedirectHop.Next(new Uri(from), location, HttpStatusCode.Found));

    [Theory]
    [InlineData("file:///etc/passwd", "which is not http(s)")]
    [InlineData("ftp://hub.example/b", "which is not http(s)")]
    [InlineData("http://hub.example/b", "from https to plain http")]
    [InlineData("", "without a Location")]
    public void OtherRedirectsAreRefusedWithOneLineAndAreNotRetried(string location, string why)
    {
        var ex = Assert.Throws<HttpRequestException>(() => RedirectHop.Next(new Uri("https://hub.example/a"), location, HttpStatusCode.Found));
        Assert.Contains(why, ex.Message);
        Assert.False(TransferFailure.IsRetryable(ex));
    }
}
