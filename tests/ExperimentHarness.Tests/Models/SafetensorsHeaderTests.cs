using System.Text;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models.Checkpoints;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Models;

/// <summary>Each kind of broken safetensors file gets its own message naming the file and the tensor(s).</summary>
public class SafetensorsHeaderTests
{
    private static string Write(string header, int dataBytes)
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "w.safetensors");
        var json = Encoding.UTF8.GetBytes(header);
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((long)json.Length), .. json, .. new byte[dataBytes]]);
        return path;
    }

    private static string Refused(string header, int dataBytes)
    {
        var path = Write(header, dataBytes);
        var ex = Assert.Throws<InputException>(() => new SafetensorsReader(path));
        Assert.Contains(path, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        return ex.Message;
    }

    [Fact]
    public void WellFormedFileReads()
    {
        using var reader = new SafetensorsReader(Write("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F16","shape":[2],"data_offsets":[8,12]}}""", 12));
        Assert.Equal(2, reader.Entries.Count);
    }

    [Fact]
    public void OverlappingTensorsAreRefusedNamingBoth()
    {
        var message = Refused("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12);
        Assert.Contains("'a'", message);
        Assert.Contains("'b'", message);
        Assert.Contains("overlap", message);
    }

    [Fact]
    public void OneElementOffsetsAreRefused()
    {
        var message = Refused("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}}""", 8);
        Assert.Contains("'a'", message);
        Assert.Contains("data_offsets", message);
        Assert.Contains("1 value", message);
    }

    [Fact]
    public void TruncatedDataIsReportedAsTruncated()
    {
        var message = Refused("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 10);
        Assert.Contains("'a'", message);
        Assert.Contains("truncated", message);
    }

    [Fact]
    public void TruncatedHeaderIsReportedAsTruncated()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "w.safetensors");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes(500L), .. "{\"a\":"u8.ToArray()]);
        var ex = Assert.Throws<InputException>(() => new SafetensorsReader(path));
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void UnknownDtypeIsNamed()
    {
        var message = Refused("""{"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}""", 8);
        Assert.Contains("dtype 'Q4' is not supported", message);
    }

    [Fact]
    public void TheFourFaultsHaveDistinctMessages()
    {
        var messages = new[]
        {
            Refused("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12),
            Refused("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}}""", 8),
            Refused("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 10),
            Refused("""{"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}""", 8),
            Refused("""{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8),
        }.Select(m => m[m.IndexOf("'a'", StringComparison.Ordinal)..]).ToList();
        Assert.Equal(messages.Count, messages.Distinct().Count());
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,8]}}""")]
    [InlineData("""{"a":{"dtype":7,"shape":[2],"data_offsets":[0,8]}}""")]
    [InlineData("""{"a":[1,2]}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}}""")]
    [InlineData("""{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""")]
    public void MalformedEntriesAreInputErrors(string header) => Refused(header, 8);
}
