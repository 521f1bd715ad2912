using System.Text.Json;
using ExperimentHarness.Benchmarks;
using ExperimentHarness.Models.Checkpoints;
using ExperimentHarness.Models.GptNeox;
using ExperimentHarness.Models.Llama;
using ExperimentHarness.Models.Tokenization;
using TorchSharp;
using static TorchSharp.torch;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models;

/// <summary>
/// Makes a random-initialised Hugging Face-format checkpoint (config.json, model.safetensors,
/// tokenizer.json) that the harness owns: a small BPE learned from the procedural arith corpus and
/// weights drawn N(0, 0.02) from a generator seeded by <c>seed</c>. Same inputs ⇒ same bytes.
/// The directory appears complete or not at all (written beside it, then renamed).
/// </summary>
public static class CheckpointInitializer
{
    public static readonly IReadOnlyList<string> Architectures = ["llama", "qwen2", "gpt_neox"];

    public static void Create(string architecture, string presetName, int seed, string outputDirectory)
    {
        if (!Architectures.Contains(architecture))
            throw new InputException($"unknown architecture '{architecture}'; known: {string.Join(", ", Architectures)}");
        var preset = ModelPreset.Get(presetName);
        OutputFolder.Check(outputDirectory, "output directory");
        if (Directory.Exists(outputDirectory) && Directory.EnumerateFileSystemEntries(outputDirectory).Any())
            throw new InputException($"output directory {outputDirectory} exists and is not empty");

        var parent = Path.GetDirectoryName(Path.GetFullPath(outputDirectory))!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(outputDirectory)}.{Environment.ProcessId}.partial");
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);

        ByteLevelBpeTrainer.WriteTokenizerJson(Path.Combine(staging, "tokenizer.json"), TrainingCorpus(), preset.Merges);
        var configJson = ConfigJson(architecture, preset, preset.Vocab, eos: preset.TokenizerSize - 1);
        File.WriteAllText(Path.Combine(staging, "config.json"), configJson);

        var reader = new HfConfigReader(Path.Combine(staging, "config.json"));
        using (nn.Module model = architecture == "gpt_neox"
                   ? new GptNeoxModel(GptNeoxConfig.Read(reader), CPU, float32)
                   : new LlamaModel(LlamaConfig.Read(reader), CPU, float32))
        {
            Randomise(model, seed);
            SafetensorsWriter.Write(Path.Combine(staging, "model.safetensors"),
                model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)),
                new Dictionary<string, string> { ["format"] = "pt", ["created_by"] = $"ExperimentHarness models init --arch {architecture} --preset {presetName} --seed {seed}" });
        }
        if (Directory.Exists(outputDirectory)) Directory.Delete(outputDirectory);
        Directory.Move(staging, outputDirectory);
    }

    /// <summary>Text the tokenizer is learned from: arith problems and solutions of every difficulty, plus the prompt labels.</summary>
    private static IEnumerable<string> TrainingCorpus()
    {
        yield return "Problem: Answer: The answer is 0 1 2 3 4 5 6 7 8 9.";
        for (var steps = 1; steps <= 4; steps++)
            foreach (var item in ArithSource.Enumerate(0, steps, "tokenizer").Take(150))
            {
                yield return item.Question;
                yield return item.Solution!;
            }
    }

    private static string ConfigJson(string architecture, ModelPreset p, int vocab, int eos) => architecture == "gpt_neox"
        ? JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["architectures"] = new[] { "GPTNeoXForCausalLM" },
            ["model_type"] = "gpt_neox",
            ["hidden_size"] = p.Hidden,
            ["intermediate_size"] = 4 * p.Hidden,
            ["num_hidden_layers"] = p.Layers,
            ["num_attention_heads"] = p.Heads,
            ["hidden_act"] = "gelu",
            ["rotary_pct"] = 0.25,
            ["rotary_emb_base"] = 10000,
            ["layer_norm_eps"] = 1e-5,
            ["use_parallel_residual"] = true,
            ["max_position_embeddings"] = 4096,
            ["tie_word_embeddings"] = false,
            ["vocab_size"] = vocab,
            ["bos_token_id"] = eos,
            ["eos_token_id"] = eos,
            ["torch_dtype"] = "float32",
        }, new JsonSerializerOptions { WriteIndented = true })
        : LlamaConfigJson.Serialize(new ModelShape(architecture, p.Layers, p.Hidden, p.Heads, p.KvHeads, p.Hidden / p.Heads, p.MlpWidth, vocab, TiedEmbeddings: true), eos, architecture);

    private static void Randomise(nn.Module model, int seed)
    {
        using var generator = new Generator((ulong)seed);
        using var _ = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (name.EndsWith("norm.weight", StringComparison.Ordinal) || name.EndsWith("layernorm.weight", StringComparison.Ordinal)) parameter.fill_(PinnedScalars.One);
            else if (name.EndsWith(".bias", StringComparison.Ordinal)) parameter.zero_();
            else parameter.normal_(0.0, 0.02, generator);
        }
    }
}
