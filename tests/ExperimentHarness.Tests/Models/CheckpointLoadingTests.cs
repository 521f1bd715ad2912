using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ExperimentHarness.Models;
using ExperimentHarness.Models.Checkpoints;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using static TorchSharp.torch;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Models;

public class CheckpointLoadingTests
{
    private static string Sha(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    private static string Copy(string source)
    {
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "copy");
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(source)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        return dir;
    }

    [Fact]
    public void InitIsDeterministicPerSeedAndLoadsBackStrictly()
    {
        var a = TinyCheckpoints.Create("llama", "tiny", 5);
        var b = TinyCheckpoints.Create("llama", "tiny", 5);
        var c = TinyCheckpoints.Create("llama", "tiny", 6);
        foreach (var file in new[] { "model.safetensors", "config.json", "tokenizer.json" })
            Assert.Equal(Sha(Path.Combine(a, file)), Sha(Path.Combine(b, file)));
        Assert.NotEqual(Sha(Path.Combine(a, "model.safetensors")), Sha(Path.Combine(c, "model.safetensors")));

        using var loaded = LoadedCheckpoint.Load(a, "cpu", "float32");
        Assert.Equal(new ModelShape("llama", 2, 64, 4, 2, 16, 128, 513, true), loaded.Model.Shape);
        using var reader = new SafetensorsReader(Path.Combine(a, "model.safetensors"));
        using var stored = reader.Read("model.layers.1.mlp.down_proj.weight");
        var live = ((TorchSharp.torch.nn.Module)loaded.Model).named_parameters().Single(p => p.name == "model.layers.1.mlp.down_proj.weight").parameter;
        Assert.True(live.allclose(stored, 0, 0));
        Assert.InRange(stored.std().item<float>(), 0.015f, 0.025f);      // N(0, 0.02) really was drawn and stored
    }

    [Fact]
    public void GptNeoxCheckpointHasPythiaParameterNamesAndShapes()
    {
        using var loaded = LoadedCheckpoint.Load(TinyCheckpoints.GptNeox, "cpu", "float32");
        var names = ((TorchSharp.torch.nn.Module)loaded.Model).named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        Assert.Equal([192L, 64], names["gpt_neox.layers.0.attention.query_key_value.weight"]);
        Assert.Equal([256L, 64], names["gpt_neox.layers.1.mlp.dense_h_to_4h.weight"]);
        Assert.Equal([513L, 64], names["embed_out.weight"]);
        Assert.Contains("gpt_neox.final_layer_norm.bias", names.Keys);
        Assert.Equal(4, ((ExperimentHarness.Models.GptNeox.GptNeoxModel)loaded.Model).Config.RotaryDim);   // 25 % of d_h = 16
        Assert.Equal(2 * (4.0 * 64 * 64 + 2.0 * 64 * 256), 2 * loaded.Model.Shape.LayerMatrixParameters);
    }

    [Fact]
    public void MismatchedCheckpointListsEveryProblemAtOnce()
    {
        var dir = Copy(TinyCheckpoints.Llama);
        using (var reader = new SafetensorsReader(Path.Combine(TinyCheckpoints.Llama, "model.safetensors")))
        {
            var tensors = reader.Entries.Keys.Where(n => n != "model.norm.weight").Select(n => (n, reader.Read(n))).ToList();
            tensors.Add(("model.extra.weight", zeros(3)));
            // down_proj, not one of the anchors config.json's sizes are checked against before building (AbsurdConfigTests).
            var index = tensors.FindIndex(t => t.n == "model.layers.0.mlp.down_proj.weight");
            tensors[index] = (tensors[index].n, zeros(5, 5));
            SafetensorsWriter.Write(Path.Combine(dir, "model.safetensors"), tensors);
        }
        var ex = Assert.Throws<InputException>(() => LoadedCheckpoint.Load(dir, "cpu", "float32"));
        Assert.Contains("missing: model.norm.weight", ex.Message);
        Assert.Contains("unexpected: model.extra.weight", ex.Message);
        Assert.Contains("shape mismatch: model.layers.0.mlp.down_proj.weight", ex.Message);
        Assert.Contains("3 problems", ex.Message);
    }

    [Theory]
    [InlineData("num_hidden_layers", null, "required key 'num_hidden_layers'")]
    [InlineData("shiny_new_feature", "1", "unknown key(s) shiny_new_feature")]
    [InlineData("hidden_act", "\"gelu\"", "hidden_act 'gelu'")]
    [InlineData("model_type", "\"mamba\"", "model_type 'mamba' is not supported")]
    public void ConfigProblemsNameFileAndKey(string key, string? value, string message)
    {
        var dir = Copy(TinyCheckpoints.Llama);
        var path = Path.Combine(dir, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        if (value is null) config.Remove(key); else config[key] = JsonNode.Parse(value);
        File.WriteAllText(path, config.ToJsonString());
        var ex = Assert.Throws<InputException>(() => LoadedCheckpoint.Load(dir, "cpu", "float32"));
        Assert.Contains(message, ex.Message);
        Assert.Contains("config.json", ex.Message);
    }

    [Fact]
    public void UnknownPresetOrArchitectureListsValidOnes()
    {
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "m");
        Assert.Contains("tiny, small, base", Assert.Throws<InputException>(() => CheckpointInitializer.Create("llama", "huge", 0, dir)).Message);
        Assert.Contains("llama, qwen2", Assert.Throws<InputException>(() => CheckpointInitializer.Create("rwkv", "tiny", 0, dir)).Message);
        Assert.False(Directory.Exists(dir));
    }
}

public class PlacementTests
{
    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    [InlineData("gpt_neox")]
    public void BFloat16CheckpointLoadIsAllocatedInBFloat16AndDefaultsAreRestored(string arch)
    {
        var before = TorchSharp.torch.get_default_dtype();
        using var loaded = ExperimentHarness.Models.LoadedCheckpoint.Load(TinyCheckpoints.For(arch), "cpu", "bfloat16");
        Assert.Equal(before, TorchSharp.torch.get_default_dtype());
        Assert.All(((TorchSharp.torch.nn.Module)loaded.Model).parameters(), p => Assert.Equal(TorchSharp.torch.ScalarType.BFloat16, p.dtype));
        var engine = new ExperimentHarness.Engine.TorchGenerationEngine(loaded.Model, loaded.Tokenizer, 4);
        var result = engine.Generate([new("x", "Problem: Ada has 3 apples.\nAnswer:", new(5, 0, 1, []), 1, 0)], CancellationToken.None).Single();
        Assert.Equal(5, result.Samples[0].GeneratedTokens);
    }
}
