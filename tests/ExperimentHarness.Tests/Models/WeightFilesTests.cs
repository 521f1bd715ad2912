using System.Security.Cryptography;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models;
using ExperimentHarness.Models.Checkpoints;
using ExperimentHarness.Tests.Support;
using static TorchSharp.torch;

namespace ExperimentHarness.Tests.Models;

/// <summary>The weights identity covers exactly the files loading reads, wherever the index puts them, and nothing outside the checkpoint.</summary>
public class WeightFilesTests
{
    private static string ShardedInSubfolder()
    {
        var dir = TestPaths.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "shards"));
        using var x = ones(2, 2);
        using var y = zeros(3);
        SafetensorsWriter.Write(Path.Combine(dir, "shards", "b.safetensors"), [("x", x)]);
        SafetensorsWriter.Write(Path.Combine(dir, "shards", "a.safetensors"), [("y", y)]);
        File.WriteAllText(Path.Combine(dir, "model.safetensors.index.json"),
            """{"weight_map": {"x": "shards/b.safetensors", "y": "shards/a.safetensors"}}""");
        return dir;
    }

    private static byte[] Sha(byte[] bytes) => SHA256.HashData(bytes);

    [Fact]
    public void HashCoversShardsInSubfoldersInNameOrder()
    {
        var dir = ShardedInSubfolder();
        var expected = Convert.ToHexStringLower(Sha([.. Sha(File.ReadAllBytes(Path.Combine(dir, "shards", "a.safetensors"))),
            .. Sha(File.ReadAllBytes(Path.Combine(dir, "shards", "b.safetensors")))]));
        Assert.Equal(expected, LoadedCheckpoint.HashWeights(dir));
        Assert.NotEqual(Convert.ToHexStringLower(Sha([])), LoadedCheckpoint.HashWeights(dir));

        using var tensors = new CheckpointTensors(dir);
        Assert.Equal(tensors.Files.Select(Path.GetFullPath), CheckpointWeightFiles.Of(dir));
        using var x = tensors.Read("x");
        Assert.Equal([2L, 2], x.shape);
    }

    [Fact]
    public void ChangingAShardInASubfolderChangesTheHash()
    {
        var dir = ShardedInSubfolder();
        var before = LoadedCheckpoint.HashWeights(dir);
        using var other = full(3, 7f);
        SafetensorsWriter.Write(Path.Combine(dir, "shards", "a.safetensors"), [("y", other)]);
        Assert.NotEqual(before, LoadedCheckpoint.HashWeights(dir));
    }

    [Fact]
    public void FilesBesideTheLoadedOnesDoNotChangeTheHash()
    {
        var dir = ShardedInSubfolder();
        var before = LoadedCheckpoint.HashWeights(dir);
        using var stray = ones(1);
        SafetensorsWriter.Write(Path.Combine(dir, "unused.safetensors"), [("stray", stray)]);
        Assert.Equal(before, LoadedCheckpoint.HashWeights(dir));
    }

    [Theory]
    [InlineData("../outside.safetensors")]
    [InlineData("shards/../../outside.safetensors")]
    [InlineData("/tmp/outside.safetensors")]
    public void IndexPathsOutsideTheCheckpointAreRefused(string shard)
    {
        var dir = ShardedInSubfolder();
        var index = Path.Combine(dir, "model.safetensors.index.json");
        File.WriteAllText(index, $$$"""{"weight_map": {"x": "shards/b.safetensors", "y": "{{{shard}}}"}}""");
        var hash = Assert.Throws<InputException>(() => LoadedCheckpoint.HashWeights(dir));
        Assert.Contains(index, hash.Message);
        Assert.Contains("weight_map.y", hash.Message);
        Assert.Contains("outside", hash.Message);
        Assert.Throws<InputException>(() => new CheckpointTensors(dir));
    }
}
