using ExperimentHarness.Foundation;

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
    public const string LayerPrefix = "model.layers.";

    /// <summary>Tensors whose shapes config.json fixes, checked against the weights before the model is built.</summary>
    public IReadOnlyList<Checkpoints.WeightAnchor> WeightAnchors =>
    [
        new("model.embed_tokens.weight", [Shape.Vocab, Shape.Hidden], "vocab_size, hidden_size"),
        new("model.layers.0.self_attn.q_proj.weight", [(long)Shape.Heads * Shape.HeadDim, Shape.Hidden], "num_attention_heads, head_dim, hidden_size"),
        new("model.layers.0.self_attn.k_proj.weight", [(long)Shape.KvHeads * Shape.HeadDim, Shape.Hidden], "num_key_value_heads, head_dim, hidden_size"),
        new("model.layers.0.mlp.up_proj.weight", [Shape.MlpWidth, Shape.Hidden], "intermediate_size, hidden_size"),
    ];

    public static LlamaConfig Read(HfConfigReader config)
    {
        var modelType = config.String("model_type");
        if (modelType is not ("llama" or "qwen2"))
            config.Problem("model_type", $"model_type '{modelType}' is not llama or qwen2");
        var hidden = config.Size("hidden_size");
        var heads = config.Size("num_attention_heads");
        var kvHeads = config.OptionalSize("num_key_value_heads") ?? heads;
        if (heads % kvHeads != 0 && !config.Failed("num_attention_heads", "num_key_value_heads"))
            config.Problem("num_key_value_heads", $"key 'num_key_value_heads': {kvHeads} does not divide num_attention_heads {heads}");
        var headDim = config.OptionalSize("head_dim") ?? (hidden % heads == 0 || config.Failed("hidden_size", "num_attention_heads") ? Math.Max(1, hidden / heads)
            : config.Problem("num_attention_heads", $"key 'num_attention_heads': {heads} does not divide hidden_size {hidden} (and no head_dim is given)", 1));
        var act = config.String("hidden_act");
        if (act != "silu") config.Problem("hidden_act", $"hidden_act '{act}' is not supported (expected silu)");
        var shape = new ModelShape(modelType, config.Size("num_hidden_layers"), hidden, heads, kvHeads, headDim,
            config.Size("intermediate_size"), config.Size("vocab_size"), config.OptionalBool("tie_word_embeddings") ?? false);
        var qkvBias = modelType == "qwen2" || (config.OptionalBool("attention_bias") ?? false);
        if (config.OptionalBool("mlp_bias") == true) config.Problem("mlp_bias", "mlp_bias=true is not supported");
        if (modelType == "qwen2" && config.OptionalBool("use_sliding_window") == true)
            config.Problem("use_sliding_window", "use_sliding_window=true is not supported");
        var (theta, scaling) = ReadRope(config);
        var result = new LlamaConfig(shape, config.Double("rms_norm_eps"), theta, scaling, qkvBias, config.Size("max_position_embeddings"),
            config.OptionalIds("bos_token_id"), config.OptionalIds("eos_token_id"));
        config.Ignore("architectures", "torch_dtype", "dtype", "transformers_version", "initializer_range", "use_cache",
            "pretraining_tp", "attention_dropout", "pad_token_id", "sliding_window", "max_window_layers", "layer_types",
            "is_llama_config", "rope_interleaved", "model_type");
        config.RejectUnknownKeys();
        return result;
    }

    /// <summary>
    /// Rotary base and scaling in either convention: transformers 4 writes <c>rope_theta</c> and <c>rope_scaling</c>;
    /// transformers 5 writes one <c>rope_parameters</c> object (rope_type, rope_theta and the scaling factors).
    /// </summary>
    private static (double Theta, Llama3RopeScaling? Scaling) ReadRope(HfConfigReader config)
    {
        var theta = config.OptionalDouble("rope_theta");
        var legacy = config.OptionalObject("rope_scaling");
        if (config.OptionalObject("rope_parameters") is not { } parameters)
            return (theta ?? 10000.0, legacy is { } s ? Scaling(s, "rope_scaling", config) : null);
        var fromParameters = parameters.TryGetProperty("rope_theta", out var t) && t.ValueKind == System.Text.Json.JsonValueKind.Number
            ? t.GetDouble() : config.Problem("rope_parameters", "rope_parameters has no numeric rope_theta", 10000.0);
        if (theta is { } top && top != fromParameters)
            config.Problem("rope_theta", $"rope_theta {top} and rope_parameters.rope_theta {fromParameters} disagree");
        if (parameters.TryGetProperty("partial_rotary_factor", out var partial)
            && !(partial.ValueKind == System.Text.Json.JsonValueKind.Number && partial.GetDouble() == 1.0))
            config.Problem("rope_parameters", $"rope_parameters.partial_rotary_factor {partial.GetRawText()} is not supported for llama/qwen2");
        return (fromParameters, Scaling(parameters, "rope_parameters", config));
    }

    private static Llama3RopeScaling? Scaling(System.Text.Json.JsonElement scaling, string key, HfConfigReader config)
    {
        var type = scaling.TryGetProperty("rope_type", out var t) ? t.ToString() : scaling.TryGetProperty("type", out var t2) ? t2.ToString() : "default";
        return type switch
        {
            "default" when key == "rope_parameters" => null,
            "llama3" => new Llama3RopeScaling(Number(scaling, key, "factor", config), Number(scaling, key, "low_freq_factor", config),
                Number(scaling, key, "high_freq_factor", config), (int)Number(scaling, key, "original_max_position_embeddings", config)),
            _ => config.Problem(key, $"{key} type '{type}' is not supported (expected {(key == "rope_parameters" ? "default or llama3" : "llama3")})", default(Llama3RopeScaling)),
        };
    }

    private static double Number(System.Text.Json.JsonElement scaling, string key, string name, HfConfigReader config) =>
        scaling.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number ? v.GetDouble()
            : config.Problem($"{key}.{name}", $"{key}.{name}: expected a number, got {(v.ValueKind == System.Text.Json.JsonValueKind.Undefined ? "nothing" : v.GetRawText())}", 1.0);
}
