using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExperimentHarness.Models.Llama;

/// <summary>Root-mean-square layer norm (no mean subtraction, no bias), computed in float32.</summary>
internal sealed class RmsNorm : Module
{
    private readonly double _eps;

    public RmsNorm(int size, double eps, Device device, ScalarType dtype) : base("RmsNorm")
    {
        _eps = eps;
        register_parameter("weight", Parameter(ones(size, dtype: dtype, device: device)));
    }

    // Looked up on use: Module.to(dtype) replaces parameter objects, so a cached reference would go stale.
    private Parameter Weight => get_parameter("weight")!;

    // x: (B, T, d) -> (B, T, d)
    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var x32 = x.to(float32);
        using var eps = _eps.ToScalar();   // outlives the native add (PinnedScalars says why)
        var normed = x32 * x32.pow(PinnedScalars.Two).mean([-1], keepdim: true).add(eps, PinnedScalars.One).rsqrt();
        return (normed.to(x.dtype) * Weight).MoveToOuterDisposeScope();
    }
}

/// <summary>Grouped-query attention: h query heads share g key/value heads; q/k/v bias for Qwen2.</summary>
internal sealed class LlamaAttention : Module
{
    private readonly Linear _q, _k, _v, _o;
    private readonly int _heads, _kvHeads, _headDim;

    public LlamaAttention(ModelShape s, bool qkvBias, Device device, ScalarType dtype) : base("LlamaAttention")
    {
        (_heads, _kvHeads, _headDim) = (s.Heads, s.KvHeads, s.HeadDim);
        _q = Linear(s.Hidden, s.Heads * s.HeadDim, hasBias: qkvBias, device: device, dtype: dtype);
        _k = Linear(s.Hidden, s.KvHeads * s.HeadDim, hasBias: qkvBias, device: device, dtype: dtype);
        _v = Linear(s.Hidden, s.KvHeads * s.HeadDim, hasBias: qkvBias, device: device, dtype: dtype);
        _o = Linear(s.Heads * s.HeadDim, s.Hidden, hasBias: false, device: device, dtype: dtype);
        register_module("q_proj", _q);
        register_module("k_proj", _k);
        register_module("v_proj", _v);
        register_module("o_proj", _o);
    }

    // x: (B, T, d) -> (B, T, d); keys/values of all earlier positions come from the cache.
    // mask null: full causal rows from position 0 (training), run with the causal kernel.
    public Tensor Forward(Tensor x, RotaryEmbedding rope, Tensor cos, Tensor sin, KvCache cache, int layer, long offset, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        var (b, t) = (x.shape[0], x.shape[1]);
        var q = _q.forward(x).view(b, t, _heads, _headDim).transpose(1, 2);        // (B, h, T, d_h)
        var k = _k.forward(x).view(b, t, _kvHeads, _headDim).transpose(1, 2);      // (B, g, T, d_h)
        var v = _v.forward(x).view(b, t, _kvHeads, _headDim).transpose(1, 2);
        q = rope.Apply(q, cos, sin);
        k = rope.Apply(k, cos, sin);
        var (keys, values) = cache.Append(layer, k, v, offset);                     // (B, g, S, d_h)
        q = q.to(keys.dtype);
        Tensor attended;
        if (mask is null)
        {
            var group = _heads / _kvHeads;
            if (group > 1) (keys, values) = (keys.repeat_interleave(group, 1), values.repeat_interleave(group, 1));
            attended = functional.scaled_dot_product_attention(q, keys, values, is_casual: true);
        }
        else if (_kvHeads == _heads)
            attended = functional.scaled_dot_product_attention(q, keys, values, mask);   // (B, h, T, d_h)
        else
        {
            // Grouped-query attention without copying keys/values per head: the h/g query heads that share a
            // KV head are folded into the query axis, (B, h, T, d_h) -> (B, g, (h/g)·T, d_h), with the mask
            // repeated to match; query head i uses KV head i / (h/g), as in the checkpoint's convention.
            var group = _heads / _kvHeads;
            var grouped = q.reshape(b, _kvHeads, group * t, _headDim);
            var groupedMask = mask.shape[2] == 1 ? mask : mask.repeat(1, 1, group, 1);
            attended = functional.scaled_dot_product_attention(grouped, keys, values, groupedMask).reshape(b, _heads, t, _headDim);
        }
        return _o.forward(attended.to(x.dtype).transpose(1, 2).reshape(b, t, _heads * _headDim)).MoveToOuterDisposeScope();
    }
}

/// <summary>SwiGLU MLP: down(silu(gate(x)) * up(x)).</summary>
internal sealed class LlamaMlp : Module
{
    private readonly Linear _gate, _up, _down;

    public LlamaMlp(ModelShape s, Device device, ScalarType dtype) : base("LlamaMlp")
    {
        _gate = Linear(s.Hidden, s.MlpWidth, hasBias: false, device: device, dtype: dtype);
        _up = Linear(s.Hidden, s.MlpWidth, hasBias: false, device: device, dtype: dtype);
        _down = Linear(s.MlpWidth, s.Hidden, hasBias: false, device: device, dtype: dtype);
        register_module("gate_proj", _gate);
        register_module("up_proj", _up);
        register_module("down_proj", _down);
    }

    // x: (B, T, d) -> (B, T, d)
    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = functional.silu(_gate.forward(x)) * _up.forward(x);   // (B, T, f)
        return _down.forward(h).MoveToOuterDisposeScope();
    }
}

/// <summary>Pre-norm block: x + attn(norm(x)), then + mlp(norm(·)).</summary>
internal sealed class LlamaBlock : Module
{
    private readonly RmsNorm _inputNorm, _postAttentionNorm;
    private readonly LlamaAttention _attention;
    private readonly LlamaMlp _mlp;

    public LlamaBlock(LlamaConfig c, Device device, ScalarType dtype) : base("LlamaBlock")
    {
        _inputNorm = new RmsNorm(c.Shape.Hidden, c.RmsNormEps, device, dtype);
        _attention = new LlamaAttention(c.Shape, c.QkvBias, device, dtype);
        _postAttentionNorm = new RmsNorm(c.Shape.Hidden, c.RmsNormEps, device, dtype);
        _mlp = new LlamaMlp(c.Shape, device, dtype);
        register_module("input_layernorm", _inputNorm);
        register_module("self_attn", _attention);
        register_module("post_attention_layernorm", _postAttentionNorm);
        register_module("mlp", _mlp);
    }

    public Tensor Forward(Tensor x, RotaryEmbedding rope, Tensor cos, Tensor sin, KvCache cache, int layer, long offset, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        var h = x.add(_attention.Forward(_inputNorm.Forward(x), rope, cos, sin, cache, layer, offset, mask), PinnedScalars.One);
        return h.add(_mlp.Forward(_postAttentionNorm.Forward(h)), PinnedScalars.One).MoveToOuterDisposeScope();
    }
}

/// <summary>The decoder stack under the Hugging Face prefix <c>model.</c>: embeddings, blocks, final norm.</summary>
internal sealed class LlamaDecoder : Module
{
    public LlamaDecoder(LlamaConfig c, Device device, ScalarType dtype) : base("LlamaDecoder")
    {
        Embed = Embedding(c.Shape.Vocab, c.Shape.Hidden, device: device, dtype: dtype);
        Blocks = new ModuleList<LlamaBlock>(Enumerable.Range(0, c.Shape.Layers).Select(_ => new LlamaBlock(c, device, dtype)).ToArray());
        Norm = new RmsNorm(c.Shape.Hidden, c.RmsNormEps, device, dtype);
        register_module("embed_tokens", Embed);
        register_module("layers", Blocks);
        register_module("norm", Norm);
    }

    public Embedding Embed { get; }

    public ModuleList<LlamaBlock> Blocks { get; }

    public RmsNorm Norm { get; }
}

/// <summary>
/// Llama-architecture causal LM (Llama 2/3, SmolLM2, TinyLlama; Qwen2 with q/k/v bias). With tied
/// embeddings the LM head is the embedding matrix itself (one Parameter), so no lm_head.weight exists.
/// </summary>
public sealed class LlamaModel : CausalDecoderModel
{
    private readonly LlamaDecoder _decoder;
    private readonly Linear? _head;
    private readonly RotaryEmbedding _rope;

    public LlamaModel(LlamaConfig config, Device device, ScalarType dtype) : base("LlamaModel", device, dtype)
    {
        Config = config;
        _decoder = new LlamaDecoder(config, device, dtype);
        register_module("model", _decoder);
        if (!config.Shape.TiedEmbeddings)
        {
            _head = Linear(config.Shape.Hidden, config.Shape.Vocab, hasBias: false, device: device, dtype: dtype);
            register_module("lm_head", _head);
        }
        _rope = new RotaryEmbedding(config.Shape.HeadDim, config.RopeTheta, config.RopeScaling, device);
    }

    public LlamaConfig Config { get; }

    public override ModelShape Shape => Config.Shape;

    // Tied embeddings: the head is the embedding matrix itself.
    protected override Tensor Project(Tensor hidden) =>
        _head is null ? functional.linear(hidden, _decoder.Embed.weight!) : _head.forward(hidden);

    protected override Tensor DecodeHidden(Tensor tokens, Tensor positions, KvCache cache, long offset, Tensor? mask)
    {
        var x = _decoder.Embed.forward(tokens);                                    // (B, T, d)
        var (cos, sin) = _rope.Angles(positions, DType);
        for (var layer = 0; layer < Shape.Layers; layer++)
            x = _decoder.Blocks[layer].Forward(x, _rope, cos, sin, cache, layer, offset, mask);
        return _decoder.Norm.Forward(x);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _rope.Dispose();
        base.Dispose(disposing);
    }
}
