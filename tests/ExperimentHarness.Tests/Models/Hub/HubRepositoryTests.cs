using ExperimentHarness.Models.Hub;
using ExperimentHarness.Runner;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Models.Hub;

public class HubRepositoryTests
{
    [Fact]
    public void FileUrlsEscapeEachSegment()
    {
        var repo = new HubRepository(new Uri("https://mirror.example/hf/"), "org/m", "main", TokenPolicy.None);
        Assert.Equal("https://mirror.example/hf/org/m/resolve/main/onnx/a%20b%23c.bin", repo.FileUrl("onnx/a b#c.bin").AbsoluteUri);
        Assert.Equal("org/m@main/onnx/x", repo.Label("onnx/x"));
    }

    [Theory]
    [InlineData("file:///srv/hub")]
    [InlineData("ftp://mirror.example")]
    [InlineData("mirror.example")]
    [InlineData("https://mirror.example/?token=1")]
    public void AnEndpointMustBeAPlainHttpUrl(string endpoint)
    {
        var ex = Assert.Throws<InputException>(() => HubRepository.ParseEndpoint(endpoint));
        Assert.Contains($"'{endpoint}' is not an http(s) URL", ex.Message);
    }
}
