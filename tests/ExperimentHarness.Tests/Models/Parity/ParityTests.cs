using System.Text.Json;
using ExperimentHarness.Engine;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using Xunit.Abstractions;

namespace ExperimentHarness.Tests.Models.Parity;

/// <summary>
/// Logits and greedy continuations against tiny random checkpoints made and run by Hugging Face transformers
/// (scripts/make-parity-fixtures.py): llama laid out as SmolLM2, llama with Llama 3 rope scaling and a BOS,
/// qwen2 saved in bfloat16, gpt_neox saved in shards. Prompt ids come from HF tokenizers.
/// </summary>
public class ParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Architectures => new() { "llama", "llama3", "qwen2", "gpt_neox" };

    private static string Dir(string arch) => Path.Combine(TestPaths.RepoRoot, "tests", "ExperimentHarness.Tests", "Models", "Parity", arch);

    [Theory]
    [MemberData(nameof(Architectures))]
    public void LogitsAndGreedyContinuationsMatchTransformers(string arch)
    {
        using var checkpoint = LoadedCheckpoint.Load(Dir(arch), "cpu", "float32");
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir(arch), "fixture.json")));
        var engine = new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer, 8);
        foreach (var c in fixture.RootElement.GetProperty("cases").EnumerateArray())
        {
            var prompt = c.GetProperty("prompt").GetString()!;
            var ids = c.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
            Assert.Equal(ids, checkpoint.Tokenizer.Encode(prompt));
            var expected = c.GetProperty("last_logits").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            var actual = LastLogits(checkpoint.Model, ids);
            Assert.Equal(expected.Length, actual.Length);
            var worst = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
            output.WriteLine($"{arch}: {ids.Count} prompt tokens, max |Δlogit| = {worst:E2}");
            Assert.True(worst < FixtureParity.Float32Tolerance, $"{arch}: max |Δlogit| = {worst}");
            // transformers was told not to stop at EOS; the engine does, so compare up to the first EOS.
            var greedy = c.GetProperty("greedy").EnumerateArray().Select(e => e.GetInt32()).ToList();
            var untilEos = greedy.TakeWhile(id => !checkpoint.Tokenizer.EosIds.Contains(id)).ToList();
            var completion = engine.Generate([new GenerationRequest("p", prompt, new SamplingOptions(greedy.Count, 0, 1, []), 1, 0)], CancellationToken.None).Single().Samples[0];
            Assert.Equal(untilEos.Count, completion.GeneratedTokens);
            Assert.Equal(checkpoint.Tokenizer.Decode(untilEos), completion.Text);
        }
    }

    /// <summary>
    /// The dtype option: bfloat16 weights and activations (the GPU default) stay near transformers' float32 logits,
    /// within <see cref="FixtureParity.BFloat16Tolerance"/>.
    /// </summary>
    [Theory]
    [MemberData(nameof(Architectures))]
    public void BFloat16RunStaysNearTransformersFloat32(string arch)
    {
        using var checkpoint = LoadedCheckpoint.Load(Dir(arch), "cpu", "bfloat16");
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir(arch), "fixture.json")));
        foreach (var c in fixture.RootElement.GetProperty("cases").EnumerateArray())
        {
            var ids = c.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
            var expected = c.GetProperty("last_logits").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            var actual = LastLogits(checkpoint.Model, ids, TorchSharp.torch.bfloat16);
            var worst = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
            output.WriteLine($"{arch} bfloat16: max |Δlogit| = {worst:E2}");
            Assert.True(worst < FixtureParity.BFloat16Tolerance, $"{arch} bfloat16: max |Δlogit| = {worst}");
        }
    }

    private static float[] LastLogits(ICausalLanguageModel model, IReadOnlyList<int> ids, TorchSharp.torch.ScalarType? dtype = null)
    {
        using var _ = TorchSharp.torch.no_grad();
        using var cache = new KvCache(model.Shape.Layers, 1, model.Shape.KvHeads, ids.Count, model.Shape.HeadDim, dtype ?? TorchSharp.torch.float32, TorchSharp.torch.CPU);
        using var tokens = TorchSharp.torch.tensor(ids.Select(i => (long)i).ToArray()).unsqueeze(0);
        using var positions = TorchSharp.torch.arange(ids.Count, dtype: TorchSharp.torch.int64).unsqueeze(0);
        using var mask = TorchSharp.torch.ones(ids.Count, ids.Count, TorchSharp.torch.ScalarType.Bool).tril().view(1, 1, ids.Count, ids.Count);
        using var logits = model.Forward(tokens, positions, cache, 0, mask, lastOnly: true);
        using var row = logits[0, 0].to(TorchSharp.torch.float32);
        return row.data<float>().ToArray();
    }
}
