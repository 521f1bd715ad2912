using ExperimentHarness.Models.Hub;
using ExperimentHarness.Runner;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Models.Hub;

public class HubFileNameTests
{
    [Theory]
    [InlineData("model.safetensors")]
    [InlineData("model-00001-of-00002.safetensors")]
    [InlineData("onnx/model.onnx")]
    [InlineData("a..b/c.d")]
    public void PlainRelativeNamesAreAccepted(string name) => Assert.Equal(name, HubFileName.Check(name, "index.json: weight_map.x"));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("../../x", "'..' segment")]
    [InlineData("sub/../../x", "'..' segment")]
    [InlineData("./x", "'.' segment")]
    [InlineData("/etc/passwd", "absolute path")]
    [InlineData("a//b", "empty segment")]
    [InlineData("a/", "empty segment")]
    [InlineData("..\\x", "backslash")]
    [InlineData("C:x", "drive letter")]
    [InlineData("x\ny", "control character")]
    [InlineData("x\u0000y", "control character")]
    public void EscapingOrAmbiguousNamesAreRefusedWithTheSourceAndTheReason(string name, string reason)
    {
        var ex = Assert.Throws<InputException>(() => HubFileName.Check(name, "index.json: weight_map.x"));
        Assert.StartsWith("index.json: weight_map.x: file name", ex.Message);
        Assert.Contains($"({reason})", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void ResolvedNamesStayInsideTheFolderAndSegmentsHaveNoSlash()
    {
        var folder = Path.Combine(Path.GetTempPath(), "member");
        Assert.Equal(Path.Combine(folder, "sub", "x.bin"), HubFileName.Resolve(folder, "sub/x.bin", "lock"));
        Assert.Throws<InputException>(() => HubFileName.Resolve(folder, "../member2/x", "lock"));
        Assert.Equal("360M", HubFileName.CheckSegment("360M", "lock"));
        Assert.Throws<InputException>(() => HubFileName.CheckSegment("a/b", "lock"));
    }
}
