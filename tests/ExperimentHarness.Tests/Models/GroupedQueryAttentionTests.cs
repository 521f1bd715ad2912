using System.Text.Json.Nodes;
using ExperimentHarness.Models;
using ExperimentHarness.Models.Checkpoints;
using ExperimentHarness.Tests.Support;
using static TorchSharp.torch;

namespace ExperimentHarness.Tests.Models;

public class GroupedQueryAttentionTests
{
    /// <summary>
    /// The same model with every KV head's k/v projection rows copied to each query head it serves: plain
    /// multi-head attention, which is what grouped-query attention means (query head i uses KV head i / (h/g)).
    /// </summary>
    private static string AsMultiHead(string source)
    {
        var target = TestPaths.NewTempDirectory();
        File.Copy(Path.Combine(source, "tokenizer.json"), Path.Combine(target, "tokenizer.json"));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "config.json")))!.AsObject();
        var (heads, kvHeads) = ((int)config["num_attention_heads"]!, (int)config["num_key_value_heads"]!);
        var headDim = (int)config["hidden_size"]! / heads;
        config["num_key_value_heads"] = heads;
        File.WriteAllText(Path.Combine(target, "config.json"), config.ToJsonString());
        using var scope = NewDisposeScope();
        using var reader = new SafetensorsReader(Path.Combine(source, "model.safetensors"));
        var tensors = reader.Entries.Keys.Select(name =>
        {
            var t = reader.Read(name);
            if (name.EndsWith("k_proj.weight") || name.EndsWith("v_proj.weight") || name.EndsWith("k_proj.bias") || name.EndsWith("v_proj.bias"))
                t = t.view([kvHeads, headDim, .. t.shape.Skip(1)]).repeat_interleave(heads / kvHeads, 0).reshape([heads * headDim, .. t.shape.Skip(1)]);
            return (name, t);
        }).ToList();
        SafetensorsWriter.Write(Path.Combine(target, "model.safetensors"), tensors);
        return target;
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    public void GroupedAttentionEqualsMultiHeadAttentionWithCopiedKvHeads(string architecture)
    {
        using var grouped = LoadedCheckpoint.Load(TinyCheckpoints.For(architecture), "cpu", "float32");
        using var multi = LoadedCheckpoint.Load(AsMultiHead(TinyCheckpoints.For(architecture)), "cpu", "float32");
        Assert.True(grouped.Model.Shape.KvHeads < grouped.Model.Shape.Heads);
        Assert.Equal(multi.Model.Shape.Heads, multi.Model.Shape.KvHeads);

        var ids = grouped.Tokenizer.Encode("Problem: Ada has 3 apples and buys 4 more. How many?").Select(i => (long)i).ToArray();
        var n = ids.Length;
        (float[] Prefill, float[] Decode) Run(LoadedCheckpoint c)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            using var cache = new KvCache(c.Model.Shape.Layers, 1, c.Model.Shape.KvHeads, n + 1, c.Model.Shape.HeadDim, float32, CPU);
            var mask = ones(n, n, ScalarType.Bool).tril().view(1, 1, n, n);
            var prefill = c.Model.Forward(tensor(ids).unsqueeze(0), arange(n, dtype: int64).unsqueeze(0), cache, 0, mask, lastOnly: false);
            var decode = c.Model.Forward(tensor(new long[] { 7 }).view(1, 1), tensor(new long[] { n }).view(1, 1), cache, n, ones(1, 1, 1, n + 1, ScalarType.Bool), lastOnly: true);
            return (prefill.data<float>().ToArray(), decode.data<float>().ToArray());
        }
        var (gp, gd) = Run(grouped);
        var (mp, md) = Run(multi);
        Assert.True(gp.Zip(mp, (a, b) => Math.Abs(a - b)).Max() < 1e-5);
        Assert.True(gd.Zip(md, (a, b) => Math.Abs(a - b)).Max() < 1e-5);
    }
}
