using System.Text.Json.Nodes;
using ExperimentHarness.Models;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using static TorchSharp.torch;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Models;

/// <summary>config.json as transformers 5 writes it (one rope_parameters object) binds to the same model as the transformers 4 form.</summary>
public class ConfigConventionsTests
{
    private static string Rewritten(string source, Action<JsonObject> edit)
    {
        var target = TestPaths.NewTempDirectory();
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(target, "config.json")))!.AsObject();
        edit(config);
        File.WriteAllText(Path.Combine(target, "config.json"), config.ToJsonString());
        return target;
    }

    private static float[] LastLogits(string directory)
    {
        using var checkpoint = LoadedCheckpoint.Load(directory, "cpu", "float32");
        var ids = checkpoint.Tokenizer.Encode("Problem: Ada has 3 apples and buys 4 more. How many apples does Ada have now?").Select(i => (long)i).ToArray();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var cache = new KvCache(checkpoint.Model.Shape.Layers, 1, checkpoint.Model.Shape.KvHeads, ids.Length, checkpoint.Model.Shape.HeadDim, float32, CPU);
        var mask = ones(ids.Length, ids.Length, ScalarType.Bool).tril().view(1, 1, ids.Length, ids.Length);
        return checkpoint.Model.Forward(tensor(ids).unsqueeze(0), arange(ids.Length, dtype: int64).unsqueeze(0), cache, 0, mask, lastOnly: true)
            .data<float>().ToArray();
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    public void LlamaRopeParametersBindLikeRopeTheta(string architecture)
    {
        var source = TinyCheckpoints.For(architecture);
        var theta = (double?)JsonNode.Parse(File.ReadAllText(Path.Combine(source, "config.json")))!["rope_theta"] ?? 10000.0;
        var modern = Rewritten(source, c =>
        {
            c.Remove("rope_theta");
            c.Remove("rope_scaling");
            c["rope_parameters"] = new JsonObject { ["rope_type"] = "default", ["rope_theta"] = theta };
        });
        Assert.Equal(LastLogits(source), LastLogits(modern));

        // A different base must change the model (the value is really read), and two disagreeing bases are refused.
        var other = Rewritten(source, c => { c.Remove("rope_theta"); c["rope_parameters"] = new JsonObject { ["rope_type"] = "default", ["rope_theta"] = theta * 7 }; });
        Assert.NotEqual(LastLogits(source), LastLogits(other));
        var clash = Rewritten(source, c => { c["rope_theta"] = theta; c["rope_parameters"] = new JsonObject { ["rope_theta"] = theta * 2 }; });
        Assert.Contains("disagree", Assert.Throws<InputException>(() => LoadedCheckpoint.Load(clash, "cpu", "float32")).Message);
    }

    [Fact]
    public void GptNeoxRotaryFractionAndBaseBindFromRopeParameters()
    {
        var source = TinyCheckpoints.GptNeox;
        var original = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "config.json")))!;
        var (pct, @base) = ((double)original["rotary_pct"]!, (double?)original["rotary_emb_base"] ?? 10000.0);
        var modern = Rewritten(source, c =>
        {
            c.Remove("rotary_pct");
            c.Remove("rotary_emb_base");
            c["rope_parameters"] = new JsonObject { ["rope_type"] = "default", ["rope_theta"] = @base, ["partial_rotary_factor"] = pct };
        });
        Assert.Equal(LastLogits(source), LastLogits(modern));
        var both = Rewritten(source, c => c["partial_rotary_factor"] = pct);          // transformers 4 sometimes writes both, equal
        Assert.Equal(LastLogits(source), LastLogits(both));
        var clash = Rewritten(source, c => c["partial_rotary_factor"] = pct / 2);
        Assert.Contains("given twice", Assert.Throws<InputException>(() => LoadedCheckpoint.Load(clash, "cpu", "float32")).Message);
        var withTheta = Rewritten(source, c => c["rope_theta"] = @base);                // transformers 4.4x writes rope_theta beside rotary_emb_base
        Assert.Equal(LastLogits(source), LastLogits(withTheta));
        var thetaClash = Rewritten(source, c => c["rope_theta"] = @base * 3);
        Assert.Contains("rotary base given twice", Assert.Throws<InputException>(() => LoadedCheckpoint.Load(thetaClash, "cpu", "float32")).Message);
    }
}
