using ExperimentHarness.Models.Checkpoints;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Models;

public class SafetensorsTests
{
    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void RoundTripKeepsNamesShapesDtypesAndValues(ScalarType dtype)
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "t.safetensors");
        using var a = arange(24, dtype: float32).reshape(2, 3, 4).to(dtype);
        using var b = tensor(new float[] { -1.5f, 0.25f }).to(dtype);
        SafetensorsWriter.Write(path, [("layer.a", a), ("b", b)]);

        using var reader = new SafetensorsReader(path);
        Assert.Equal(["b", "layer.a"], reader.Entries.Keys.Order());
        Assert.Equal([2L, 3, 4], reader.Entries["layer.a"].Shape);
        using var readA = reader.Read("layer.a");
        using var readB = reader.Read("b");
        Assert.Equal(dtype, readA.dtype);
        Assert.True(readA.to(float32).allclose(a.to(float32), 0, 0));
        Assert.True(readB.to(float32).allclose(b.to(float32), 0, 0));
    }

    [Fact]
    public void ShardedIndexIsFollowed()
    {
        var dir = TestPaths.NewTempDirectory();
        using var x = ones(2, 2);
        using var y = zeros(3);
        SafetensorsWriter.Write(Path.Combine(dir, "model-00001-of-00002.safetensors"), [("x", x)]);
        SafetensorsWriter.Write(Path.Combine(dir, "model-00002-of-00002.safetensors"), [("y", y)]);
        File.WriteAllText(Path.Combine(dir, "model.safetensors.index.json"),
            """{"metadata": {}, "weight_map": {"x": "model-00001-of-00002.safetensors", "y": "model-00002-of-00002.safetensors"}}""");
        using var tensors = new CheckpointTensors(dir);
        Assert.Equal(2, tensors.Files.Count);
        using var readY = tensors.Read("y");
        Assert.Equal([3L], readY.shape);
    }

    [Fact]
    public void CorruptHeaderIsAClearError()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "bad.safetensors");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes(10L), .. "{not json}"u8.ToArray()]);
        var ex = Assert.Throws<InputException>(() => new SafetensorsReader(path));
        Assert.Contains(path, ex.Message);
    }
}
