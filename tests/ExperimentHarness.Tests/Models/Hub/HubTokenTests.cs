using ExperimentHarness.Models.Hub;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using static ExperimentHarness.Tests.Models.Hub.ToyLock;

namespace ExperimentHarness.Tests.Models.Hub;

/// <summary>These tests set $HF_TOKEN (and $EH_HUB_TRUST_ENDPOINT) for their duration and restore them, one test at a time.</summary>
[CollectionDefinition(nameof(HubTokenEnvironment), DisableParallelization = true)]
public sealed class HubTokenEnvironment;

[Collection(nameof(HubTokenEnvironment))]
public sealed class HubTokenTests : IDisposable
{
    private const string ConfigUrl = "/org/toy-a/resolve/0123abcd/config.json";
    private const string WeightsUrl = "/org/toy-a/resolve/0123abcd/model.safetensors";
    private readonly string? _savedToken = Environment.GetEnvironmentVariable(TokenPolicy.TokenVariable);
    private readonly string? _savedTrust = Environment.GetEnvironmentVariable(TokenPolicy.TrustVariable);
    private readonly string _dir = TestPaths.NewTempDirectory();
    private readonly byte[] _config = Bytes(300, 1);
    private readonly byte[] _weights = Bytes(5000, 2);

    public HubTokenTests()
    {
        Environment.SetEnvironmentVariable(TokenPolicy.TokenVariable, "hf_secret");
        Environment.SetEnvironmentVariable(TokenPolicy.TrustVariable, null);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(TokenPolicy.TokenVariable, _savedToken);
        Environment.SetEnvironmentVariable(TokenPolicy.TrustVariable, _savedTrust);
    }

    private Task<int> Fetch(LoopbackHub hub, CapturingConsole console, params string[] extra) =>
        CliHost.RunAsync(["models", "fetch", "toy", "--dir", Path.Combine(_dir, "m"), "--endpoint", hub.Endpoint,
            "--lock", ToyLock.Pinned(_dir, ("config.json", _config), ("model.safetensors", _weights)), .. extra], console);

    [Fact]
    public async Task AnUntrustedPlainHttpEndpointNeverSeesTheToken()
    {
        using var hub = new LoopbackHub();
        hub.Serve(ConfigUrl, _config);
        hub.Serve(WeightsUrl, _weights);
        Assert.Equal(0, await Fetch(hub, new CapturingConsole()));
        Assert.Equal(2, hub.Authorizations.Count);
        Assert.All(hub.Authorizations, Assert.Null);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ATrustedEndpointSeesTheTokenButTheHostItRedirectsToDoesNot(bool byFlag)
    {
        using var hub = new LoopbackHub();
        using var cdn = new LoopbackHub();
        hub.Serve(ConfigUrl, _config);
        hub.Redirect(WeightsUrl, cdn.Endpoint + "/blobs/weights");
        cdn.Serve("/blobs/weights", _weights);
        if (!byFlag) Environment.SetEnvironmentVariable(TokenPolicy.TrustVariable, "1");

        Assert.Equal(0, await Fetch(hub, new CapturingConsole(), byFlag ? ["--trust-endpoint"] : []));

        Assert.Equal(["Bearer hf_secret", "Bearer hf_secret"], hub.Authorizations);
        Assert.Equal([null], cdn.Authorizations);
        Assert.Equal(_weights, File.ReadAllBytes(Path.Combine(_dir, "m", "toy", "a", "model.safetensors")));
    }

    [Fact]
    public async Task ARedirectToAFileUrlIsOneCleanErrorAndWritesNothing()
    {
        using var hub = new LoopbackHub();
        hub.Serve(ConfigUrl, _config);
        hub.Redirect(WeightsUrl, "file:///etc/passwd");
        var console = new CapturingConsole();

        Assert.Equal(ExitCodes.InternalError, await Fetch(hub, console, "--trust-endpoint"));

        var error = Assert.Single(console.Errors);
        Assert.Equal($"error: download failed: org/toy-a@0123abcd/model.safetensors: redirected to 'file:///etc/passwd', which is not http(s); not followed ({hub.Endpoint}{WeightsUrl})", error);
        Assert.Single(hub.Requests, WeightsUrl);
        Assert.False(File.Exists(Path.Combine(_dir, "m", "toy", "a", "model.safetensors")));
        Assert.False(File.Exists(Path.Combine(_dir, "m", "toy", "a", "model.safetensors.part")));
    }

    [Fact]
    public async Task ARedirectLoopStopsAfterTheLimit()
    {
        using var hub = new LoopbackHub();
        hub.Serve(ConfigUrl, _config);
        hub.Redirect(WeightsUrl, WeightsUrl);
        var console = new CapturingConsole();

        Assert.Equal(ExitCodes.InternalError, await Fetch(hub, console));

        Assert.Contains(console.Errors, e => e.Contains("model.safetensors: more than 10 redirects; not followed"));
        Assert.Equal(1 + DownloadLimits.Default.MaxRedirects + 1, hub.Requests.Count);
    }

    [Fact]
    public async Task TheDataDownloaderSendsNoTokenEvenToATrustedEndpoint()
    {
        Environment.SetEnvironmentVariable(TokenPolicy.TrustVariable, "1");
        using var hub = new LoopbackHub();
        hub.Serve("/data/test.jsonl", _config);
        using var http = HubDownloader.CreateClient(DownloadLimits.Default);

        await new HubDownloader(http, DownloadLimits.Default, _ => { })
            .FetchAsync(new Uri(hub.Endpoint + "/data/test.jsonl"), "test.jsonl", FileExpectation.Pinned(_config.Length, Sha(_config)), Path.Combine(_dir, "test.jsonl"), CancellationToken.None);

        Assert.Equal([null], hub.Authorizations);
    }
}
