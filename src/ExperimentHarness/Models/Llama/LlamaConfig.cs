using ExperimentHarness.Runner;

namespace ExperimentHarness.Models.Llama;

/// <summary>Llama 3.x rope_scaling of type "llama3": long wavelengths are slowed by <c>Factor</c>, with a smooth band between.</summary>
public sealed record Llama3RopeScaling(double Factor, double LowFreqFactor, double HighFreqFactor, int OriginalMaxPositions);

/// <summary>
/// The architecture config of the Llama family (Llama, SmolLM2, TinyLlama) and of Qwen2 (Llama plus q/k/v
/// bias), bound strictly from config.json (see <see cref="HfConfigReader"/>).
/// </summary>
public sealed record LlamaConfig(
    ModelShape Shape,
    double RmsNormEps,
    double RopeTheta,
    Llama3RopeScaling? RopeScaling,
    bool QkvBias,
    int MaxPositions,
    IReadOnlyList<int> BosIds,
    IReadOnlyList<int> EosIds)
{
    public static LlamaConfig Read(HfConfigReader config)
    {
        var modelType = config.String("model_type");
        if (modelType is not ("llama" or "qwen2"))
            throw new InputException($"{config.File}: model_type '{modelType}' is not llama or qwen2");
        var hidden = config.Int("hidden_size");
        var heads = config.Int("num_attention_heads");
        var kvHeads = config.OptionalInt("num_key_value_heads") ?? heads;
        var headDim = config.OptionalInt("head_dim") ?? hidden / heads;
        var act = config.String("hidden_act");
        if (act != "silu") throw new InputException($"{config.File}: hidden_act '{act}' is not supported (expected silu)");
        var shape = new ModelShape(modelType, config.Int("num_hidden_layers"), hidden, heads, kvHeads, headDim,
            config.Int("intermediate_size"), config.Int("vocab_size"), config.OptionalBool("tie_word_embeddings") ?? false);
        var qkvBias = modelType == "qwen2" || (config.OptionalBool("attention_bias") ?? false);
        if (config.OptionalBool("mlp_bias") == true) throw new InputException($"{config.File}: mlp_bias=true is not supported");
        if (modelType == "qwen2" && config.OptionalBool("use_sliding_window") == true)
            throw new InputException($"{config.File}: use_sliding_window=true is not supported");
        var result = new LlamaConfig(shape, config.Double("rms_norm_eps"), config.OptionalDouble("rope_theta") ?? 10000.0,
            ReadRopeScaling(config), qkvBias, config.Int("max_position_embeddings"),
            config.OptionalIds("bos_token_id"), config.OptionalIds("eos_token_id"));
        config.Ignore("architectures", "torch_dtype", "dtype", "transformers_version", "initializer_range", "use_cache",
            "pretraining_tp", "attention_dropout", "pad_token_id", "sliding_window", "max_window_layers", "layer_types",
            "is_llama_config", "rope_interleaved", "model_type");
        config.RejectUnknownKeys();
        return result;
    }

    private static Llama3RopeScaling? ReadRopeScaling(HfConfigReader config)
    {
        if (config.OptionalObject("rope_scaling") is not { } scaling) return null;
        var type = scaling.TryGetProperty("rope_type", out var t) ? t.GetString() : scaling.TryGetProperty("type", out var t2) ? t2.GetString() : null;
        if (type != "llama3") throw new InputException($"{config.File}: rope_scaling type '{type}' is not supported (expected llama3)");
        return new Llama3RopeScaling(scaling.GetProperty("factor").GetDouble(), scaling.GetProperty("low_freq_factor").GetDouble(),
            scaling.GetProperty("high_freq_factor").GetDouble(), scaling.GetProperty("original_max_position_embeddings").GetInt32());
    }
}
