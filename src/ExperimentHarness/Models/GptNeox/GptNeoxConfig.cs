using ExperimentHarness.Runner;

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

    public static GptNeoxConfig Read(HfConfigReader config)
    {
        var modelType = config.String("model_type");
        if (modelType != "gpt_neox") throw new InputException($"{config.File}: model_type '{modelType}' is not gpt_neox");
        var act = config.String("hidden_act");
        if (act != "gelu") throw new InputException($"{config.File}: hidden_act '{act}' is not supported (expected gelu)");
        if (config.OptionalBool("attention_bias") == false) throw new InputException($"{config.File}: attention_bias=false is not supported");
        if (config.OptionalObject("rope_scaling") is not null) throw new InputException($"{config.File}: rope_scaling is not supported for gpt_neox");
        var hidden = config.Int("hidden_size");
        var heads = config.Int("num_attention_heads");
        var shape = new ModelShape("gpt_neox", config.Int("num_hidden_layers"), hidden, heads, heads, hidden / heads,
            config.Int("intermediate_size"), config.Int("vocab_size"), config.OptionalBool("tie_word_embeddings") ?? false);
        if (shape.TiedEmbeddings) throw new InputException($"{config.File}: tie_word_embeddings=true is not supported for gpt_neox (Pythia unties embed_in and embed_out)");
        var result = new GptNeoxConfig(shape, config.Double("layer_norm_eps"), config.Double("rotary_pct"),
            config.OptionalDouble("rotary_emb_base") ?? 10000.0, config.OptionalBool("use_parallel_residual") ?? true,
            config.OptionalIds("bos_token_id"), config.OptionalIds("eos_token_id"));
        config.Ignore("architectures", "torch_dtype", "dtype", "transformers_version", "initializer_range", "use_cache",
            "max_position_embeddings", "hidden_dropout", "attention_dropout", "classifier_dropout", "attention_probs_dropout_prob",
            "hidden_dropout_prob", "pad_token_id", "partial_rotary_factor", "model_type");
        config.RejectUnknownKeys();
        return result;
    }
}
