using ExperimentHarness.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentHarness.Tests.Models;

public class KvCacheStorageTests
{
    [Fact]
    public void RowPositionWritesLandAtEachRowsOwnPositionForEveryHead()
    {
        using var scope = NewDisposeScope();
        using var cache = new KvCache(layers: 1, batch: 3, kvHeads: 2, maxLength: 5, headDim: 4, float32, CPU);
        var keys = arange(1, 3 * 2 * 4 + 1, float32).view(3, 2, 1, 4);     // distinct values per row and head
        var values = -keys;
        cache.WriteAtRowPositions(tensor(new long[] { 0, 3, 4 }), viewLength: 5);
        var (k, v) = cache.Append(0, keys, values, offset: 0);
        cache.WriteAtRowPositions(null, 0);
        var positions = new[] { 0, 3, 4 };
        for (var row = 0; row < 3; row++)
            for (var head = 0; head < 2; head++)
                for (var p = 0; p < 5; p++)
                {
                    var expected = p == positions[row] ? keys[row, head, 0] : zeros(4);
                    Assert.Equal(expected.data<float>().ToArray(), k[row, head, p].data<float>().ToArray());
                    Assert.Equal((-expected).data<float>().ToArray(), v[row, head, p].data<float>().ToArray());
                }
    }

    [Fact]
    public void ReducedPrecisionKeysAreStoredAsFloat32OnTheCpuOnly()
    {
        Assert.Equal(ScalarType.Float32, KvCache.StorageFor(ScalarType.BFloat16, CPU));
        Assert.Equal(ScalarType.Float32, KvCache.StorageFor(ScalarType.Float16, CPU));
        Assert.Equal(ScalarType.Float32, KvCache.StorageFor(ScalarType.Float32, CPU));
        Assert.Equal(ScalarType.BFloat16, KvCache.StorageFor(ScalarType.BFloat16, new Device(DeviceType.CUDA)));

        using var scope = NewDisposeScope();
        using var cache = new KvCache(layers: 1, batch: 1, kvHeads: 1, maxLength: 2, headDim: 2, ScalarType.BFloat16, CPU);
        var bf16 = tensor(new[] { 1.5f, -0.25f }).view(1, 1, 1, 2).to(ScalarType.BFloat16);
        var (k, _) = cache.Append(0, bf16, bf16, offset: 1);
        Assert.Equal(ScalarType.Float32, k.dtype);
        Assert.Equal(new[] { 0f, 0f, 1.5f, -0.25f }, k.data<float>().ToArray());   // bf16 values are exact in float32
    }
}
