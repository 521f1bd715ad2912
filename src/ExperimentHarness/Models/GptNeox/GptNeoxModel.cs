using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExperimentHarness.Models.GptNeox;

/// <summary>
/// Multi-head attention with GPT-NeoX's fused projection: query_key_value maps d → 3d laid out per head as
/// [q | k | v] (each d_h), and rotary embeddings on the first rotary_pct of each head's dimensions.
/// </summary>
internal sealed class NeoxAttention : Module
{
    private readonly Linear _qkv, _dense;
    private readonly int _heads, _headDim;

    public NeoxAttention(ModelShape s, Device device, ScalarType dtype) : base("NeoxAttention")
    {
        (_heads, _headDim) = (s.Heads, s.HeadDim);
        _qkv = Linear(s.Hidden, 3 * s.Hidden, hasBias: true, device: device, dtype: dtype);
        _dense = Linear(s.Hidden, s.Hidden, hasBias: true, device: device, dtype: dtype);
        register_module("query_key_value", _qkv);
        register_module("dense", _dense);
    }

    // x: (B, T, d) -> (B, T, d)
    public Tensor Forward(Tensor x, RotaryEmbedding rope, Tensor cos, Tensor sin, KvCache cache, int layer, long offset, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        var (b, t) = (x.shape[0], x.shape[1]);
        var qkv = _qkv.forward(x).view(b, t, _heads, 3 * _headDim).transpose(1, 2);   // (B, h, T, 3·d_h)
        var q = rope.Apply(qkv.narrow(-1, 0, _headDim), cos, sin);
        var k = rope.Apply(qkv.narrow(-1, _headDim, _headDim), cos, sin);
        var v = qkv.narrow(-1, 2 * _headDim, _headDim).contiguous();
        var (keys, values) = cache.Append(layer, k, v, offset);                        // (B, h, S, d_h)
        var attended = (mask is null
            ? functional.scaled_dot_product_attention(q.to(keys.dtype), keys, values, is_casual: true)
            : functional.scaled_dot_product_attention(q.to(keys.dtype), keys, values, mask)).to(x.dtype);
        return _dense.forward(attended.transpose(1, 2).reshape(b, t, _heads * _headDim)).MoveToOuterDisposeScope();
    }
}

/// <summary>GELU MLP: dense_4h_to_h(gelu(dense_h_to_4h(x))).</summary>
internal sealed class NeoxMlp : Module
{
    private readonly Linear _up, _down;

    public NeoxMlp(ModelShape s, Device device, ScalarType dtype) : base("NeoxMlp")
    {
        _up = Linear(s.Hidden, s.MlpWidth, hasBias: true, device: device, dtype: dtype);
        _down = Linear(s.MlpWidth, s.Hidden, hasBias: true, device: device, dtype: dtype);
        register_module("dense_h_to_4h", _up);
        register_module("dense_4h_to_h", _down);
    }

    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return _down.forward(functional.gelu(_up.forward(x))).MoveToOuterDisposeScope();
    }
}

/// <summary>A GPT-NeoX block; with the parallel residual (Pythia) x + attn(ln1(x)) + mlp(ln2(x)).</summary>
internal sealed class NeoxBlock : Module
{
    private readonly LayerNorm _ln1, _ln2;
    private readonly NeoxAttention _attention;
    private readonly NeoxMlp _mlp;
    private readonly bool _parallel;

    public NeoxBlock(GptNeoxConfig c, Device device, ScalarType dtype) : base("NeoxBlock")
    {
        _parallel = c.ParallelResidual;
        _ln1 = LayerNorm(c.Shape.Hidden, c.LayerNormEps, device: device, dtype: dtype);
        _ln2 = LayerNorm(c.Shape.Hidden, c.LayerNormEps, device: device, dtype: dtype);
        _attention = new NeoxAttention(c.Shape, device, dtype);
        _mlp = new NeoxMlp(c.Shape, device, dtype);
        register_module("input_layernorm", _ln1);
        register_module("post_attention_layernorm", _ln2);
        register_module("attention", _attention);
        register_module("mlp", _mlp);
    }

    public Tensor Forward(Tensor x, RotaryEmbedding rope, Tensor cos, Tensor sin, KvCache cache, int layer, long offset, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        var attended = _attention.Forward(_ln1.forward(x), rope, cos, sin, cache, layer, offset, mask);
        var residual = x.add(attended, PinnedScalars.One);
        var result = residual.add(_mlp.Forward(_ln2.forward(_parallel ? x : residual)), PinnedScalars.One);
        return result.MoveToOuterDisposeScope();
    }
}

/// <summary>The decoder under the Hugging Face prefix <c>gpt_neox.</c>.</summary>
internal sealed class NeoxDecoder : Module
{
    public NeoxDecoder(GptNeoxConfig c, Device device, ScalarType dtype) : base("NeoxDecoder")
    {
        Embed = Embedding(c.Shape.Vocab, c.Shape.Hidden, device: device, dtype: dtype);
        Blocks = new ModuleList<NeoxBlock>(Enumerable.Range(0, c.Shape.Layers).Select(_ => new NeoxBlock(c, device, dtype)).ToArray());
        FinalNorm = LayerNorm(c.Shape.Hidden, c.LayerNormEps, device: device, dtype: dtype);
        register_module("embed_in", Embed);
        register_module("layers", Blocks);
        register_module("final_layer_norm", FinalNorm);
    }

    public Embedding Embed { get; }

    public ModuleList<NeoxBlock> Blocks { get; }

    public LayerNorm FinalNorm { get; }
}

/// <summary>GPT-NeoX causal LM (Pythia): LayerNorm, parallel residual, partial rotary, GELU MLP, untied <c>embed_out</c>.</summary>
public sealed class GptNeoxModel : CausalDecoderModel
{
    private readonly NeoxDecoder _decoder;
    private readonly Linear _head;
    private readonly RotaryEmbedding _rope;

    public GptNeoxModel(GptNeoxConfig config, Device device, ScalarType dtype) : base("GptNeoxModel", device, dtype)
    {
        Config = config;
        _decoder = new NeoxDecoder(config, device, dtype);
        _head = Linear(config.Shape.Hidden, config.Shape.Vocab, hasBias: false, device: device, dtype: dtype);
        register_module("gpt_neox", _decoder);
        register_module("embed_out", _head);
        _rope = new RotaryEmbedding(config.RotaryDim, config.RotaryBase, null, device);
    }

    public GptNeoxConfig Config { get; }

    public override ModelShape Shape => Config.Shape;

    /// <summary>Buffers some Pythia checkpoints carry that are derived, not learned.</summary>
    public static bool IsDerivedBuffer(string name) =>
        name.EndsWith(".attention.bias", StringComparison.Ordinal) || name.EndsWith(".attention.masked_bias", StringComparison.Ordinal)
        || name.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal);

    protected override Tensor Project(Tensor hidden) => _head.forward(hidden);

    protected override Tensor DecodeHidden(Tensor tokens, Tensor positions, KvCache cache, long offset, Tensor? mask)
    {
        var x = _decoder.Embed.forward(tokens);
        var (cos, sin) = _rope.Angles(positions, DType);
        for (var layer = 0; layer < Shape.Layers; layer++)
            x = _decoder.Blocks[layer].Forward(x, _rope, cos, sin, cache, layer, offset, mask);
        return _decoder.FinalNorm.forward(x);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _rope.Dispose();
        base.Dispose(disposing);
    }
}
