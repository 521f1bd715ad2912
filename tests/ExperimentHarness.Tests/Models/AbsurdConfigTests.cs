using System.Text.Json.Nodes;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Models;

/// <summary>config.json sizes are checked (and against the weights' headers) before anything is allocated; each error names the file and key.</summary>
public class AbsurdConfigTests
{
    /// <summary>A copy of a tiny checkpoint with one config.json key replaced by raw JSON.</summary>
    public static string WithConfigValue(string source, string key, string rawJson)
    {
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "ckpt");
        Directory.CreateDirectory(dir);
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!.AsObject();
        config[key] = JsonNode.Parse(rawJson);
        File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
        return dir;
    }

    [Theory]
    [InlineData("llama", "hidden_size", "1000000000")]
    [InlineData("llama", "hidden_size", "1e9")]
    [InlineData("llama", "hidden_size", "1e12")]
    [InlineData("llama", "num_hidden_layers", "-2")]
    [InlineData("llama", "num_hidden_layers", "1000000")]
    [InlineData("llama", "num_attention_heads", "0")]
    [InlineData("llama", "num_key_value_heads", "0")]
    [InlineData("llama", "vocab_size", "2000000000")]
    [InlineData("llama", "intermediate_size", "1000000000")]
    [InlineData("llama", "head_dim", "100000000")]
    [InlineData("gpt_neox", "hidden_size", "1000000000")]
    [InlineData("gpt_neox", "num_attention_heads", "0")]
    [InlineData("gpt_neox", "num_hidden_layers", "0")]
    public void RefusedBeforeBuildingNamingFileAndKey(string arch, string key, string value)
    {
        var dir = WithConfigValue(TinyCheckpoints.For(arch), key, value);
        var before = GC.GetTotalMemory(false);
        var ex = Assert.Throws<InputException>(() => LoadedCheckpoint.Load(dir, "cpu", "float32"));
        Assert.Contains(Path.Combine(dir, "config.json"), ex.Message);
        Assert.Contains(key, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.True(GC.GetTotalMemory(false) - before < 256L << 20, "the refusal allocated hundreds of MB");
    }

    [Fact]
    public void AnUnchangedCheckpointStillLoads()
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.Llama, "cpu", "float32");
        Assert.True(checkpoint.Model.Shape.Layers > 0);
    }
}
