using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.GptNeox;

/// <summary>The GPT-NeoX (Pythia) architecture config, bound strictly from config.json.</summary>
public sealed record GptNeoxConfig(
    ModelShape Shape,
    double LayerNormEps,
    double RotaryPct,
    double RotaryBase,
    bool ParallelResidual,
    IReadOnlyList<int> BosIds,
    IReadOnlyList<int> EosIds)
{
    public int RotaryDim => (int)(Shape.HeadDim * RotaryPct);

    public const string LayerPrefix = "gpt_neox.layers.";

    /// <summary>Tensors whose shapes config.json fixes, checked against the weights before the model is built.</summary>
    public IReadOnlyList<Checkpoints.WeightAnchor> WeightAnchors =>
    [
        new("gpt_neox.embed_in.weight", [Shape.Vocab, Shape.Hidden], "vocab_size, hidden_size"),
        new("gpt_neox.layers.0.attention.query_key_value.weight", [3L * Shape.Hidden, Shape.Hidden], "hidden_size"),
        new("gpt_neox.layers.0.mlp.dense_h_to_4h.weight", [Shape.MlpWidth, Shape.Hidden], "intermediate_size, hidden_size"),
    ];

    public static GptNeoxConfig Read(HfConfigReader config)
    {
        var modelType = config.String("model_type");
        if (modelType != "gpt_neox") config.Problem("model_type", $"model_type '{modelType}' is not gpt_neox");
        var act = config.String("hidden_act");
        if (act != "gelu") config.Problem("hidden_act", $"hidden_act '{act}' is not supported (expected gelu)");
        if (config.OptionalBool("attention_bias") == false) config.Problem("attention_bias", "attention_bias=false is not supported");
        if (config.OptionalObject("rope_scaling") is not null) config.Problem("rope_scaling", "rope_scaling is not supported for gpt_neox");
        var hidden = config.Size("hidden_size");
        var heads = config.Size("num_attention_heads");
        if (hidden % heads != 0 && !config.Failed("hidden_size", "num_attention_heads")) config.Problem("num_attention_heads", $"key 'num_attention_heads': {heads} does not divide hidden_size {hidden}");
        var shape = new ModelShape("gpt_neox", config.Size("num_hidden_layers"), hidden, heads, heads, Math.Max(1, hidden / heads),
            config.Size("intermediate_size"), config.Size("vocab_size"), config.OptionalBool("tie_word_embeddings") ?? false);
        if (shape.TiedEmbeddings) config.Problem("tie_word_embeddings", "tie_word_embeddings=true is not supported for gpt_neox (Pythia unties embed_in and embed_out)");
        var (rotaryPct, rotaryBase) = ReadRotary(config);
        var result = new GptNeoxConfig(shape, config.Double("layer_norm_eps"), rotaryPct, rotaryBase, config.OptionalBool("use_parallel_residual") ?? true,
            config.OptionalIds("bos_token_id"), config.OptionalIds("eos_token_id"));
        config.Ignore("architectures", "torch_dtype", "dtype", "transformers_version", "initializer_range", "use_cache",
            "max_position_embeddings", "hidden_dropout", "attention_dropout", "classifier_dropout", "attention_probs_dropout_prob",
            "hidden_dropout_prob", "pad_token_id", "model_type");
        config.RejectUnknownKeys();
        return result;
    }

    /// <summary>
    /// The rotary fraction and base in either convention: transformers 4 writes <c>rotary_pct</c> and
    /// <c>rotary_emb_base</c> (4.4x also <c>partial_rotary_factor</c> and <c>rope_theta</c> beside them); transformers 5 writes one
    /// <c>rope_parameters</c> object (rope_type default, rope_theta, partial_rotary_factor). Values that disagree are an error.
    /// </summary>
    private static (double Pct, double Base) ReadRotary(HfConfigReader config)
    {
        var pct = Agree(config, "rotary fraction", config.OptionalDouble("rotary_pct"), config.OptionalDouble("partial_rotary_factor"));
        var @base = Agree(config, "rotary base", config.OptionalDouble("rotary_emb_base"), config.OptionalDouble("rope_theta"));
        if (config.OptionalObject("rope_parameters") is { } parameters)
        {
            var type = parameters.TryGetProperty("rope_type", out var t) ? t.GetString() : "default";
            if (type != "default") config.Problem("rope_parameters", $"rope_parameters type '{type}' is not supported for gpt_neox");
            if (parameters.TryGetProperty("partial_rotary_factor", out var p)) pct = Agree(config, "rotary fraction", pct, p.GetDouble());
            if (parameters.TryGetProperty("rope_theta", out var th)) @base = Agree(config, "rotary base", @base, th.GetDouble());
        }
        return (pct ?? config.Problem("rotary_pct", "no rotary fraction (rotary_pct, partial_rotary_factor or rope_parameters.partial_rotary_factor)", 1.0),
            @base ?? 10000.0);
    }

    private static double? Agree(HfConfigReader config, string what, double? a, double? b) =>
        a is { } x && b is { } y && x != y ? config.Problem(what, $"{what} given twice with different values ({x} and {y})", a) : a ?? b;
}
