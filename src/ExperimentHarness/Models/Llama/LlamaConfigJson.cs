using System.Text.Json;

namespace ExperimentHarness.Models.Llama;

/// <summary>The Hugging Face <c>config.json</c> of a checkpoint the harness makes itself (llama, or qwen2 with q/k/v bias), as transformers reads it.</summary>
public static class LlamaConfigJson
{
    public static string Serialize(ModelShape shape, int eosId, string modelType = "llama") => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["architectures"] = new[] { modelType == "qwen2" ? "Qwen2ForCausalLM" : "LlamaForCausalLM" },
        ["model_type"] = modelType,
        ["hidden_size"] = shape.Hidden,
        ["intermediate_size"] = shape.MlpWidth,
        ["num_hidden_layers"] = shape.Layers,
        ["num_attention_heads"] = shape.Heads,
        ["num_key_value_heads"] = shape.KvHeads,
        ["hidden_act"] = "silu",
        ["max_position_embeddings"] = 4096,
        ["rms_norm_eps"] = 1e-5,
        ["rope_theta"] = 10000.0,
        ["tie_word_embeddings"] = shape.TiedEmbeddings,
        ["vocab_size"] = shape.Vocab,
        ["eos_token_id"] = eosId,
        ["torch_dtype"] = "float32",
    }, new JsonSerializerOptions { WriteIndented = true });
}
