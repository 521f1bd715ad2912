using ExperimentHarness.Config;
using ExperimentHarness.Models;

namespace ExperimentHarness.Training;

/// <summary>
/// A member's Llama shape from its target non-embedding parameter count (the rule of <see cref="ShapeRuleSpec"/>).
/// N means non-embedding parameters here because the family's vocabulary is tiny and shared: the embedding
/// (V·d, tied with the head) does no per-token matrix work beyond the logits, and counting it would make the
/// smallest members look several times larger than the compute they spend (Kaplan et al. count N the same way).
/// </summary>
public static class MemberShape
{
    public static ModelShape For(double targetNonEmbedding, ShapeRuleSpec rule, int vocab)
    {
        var a = (double)rule.AspectRatio;
        var layers = Math.Max(rule.MinLayers, (int)Math.Round(Math.Cbrt(targetNonEmbedding / (12 * a * a))));
        var hidden = Math.Max(rule.HeadDim, (int)Math.Round(Math.Sqrt(targetNonEmbedding / (12.0 * layers)) / rule.HeadDim) * rule.HeadDim);
        var mlp = Math.Max(16, (int)Math.Round(8.0 * hidden / 3 / 16) * 16);
        var heads = hidden / rule.HeadDim;
        return new ModelShape("llama", layers, hidden, heads, heads, rule.HeadDim, mlp, vocab, TiedEmbeddings: true);
    }

    /// <summary>Parameters outside the (tied) embedding: per layer Q, K, V, O, the SwiGLU MLP and two norms, plus the final norm.</summary>
    public static double NonEmbeddingParameters(ModelShape s) => s.Layers * (s.LayerMatrixParameters + 2.0 * s.Hidden) + s.Hidden;

    public static double TotalParameters(ModelShape s) =>
        NonEmbeddingParameters(s) + (double)s.Vocab * s.Hidden * (s.TiedEmbeddings ? 1 : 2);
}
