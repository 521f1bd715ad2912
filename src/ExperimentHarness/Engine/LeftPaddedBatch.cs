using static TorchSharp.torch;

namespace ExperimentHarness.Engine;

/// <summary>
/// Token sequences of different lengths as one left-padded batch: tokens and rotary positions (B, T),
/// which positions are real (B, T), and the prefill attention mask (B, 1, T, T). Pad queries attend to
/// themselves only, so no row of the softmax is empty (an all-masked row would produce NaNs that then
/// leak through the masked values of real rows).
/// </summary>
public sealed class LeftPaddedBatch
{
    public LeftPaddedBatch(IReadOnlyList<IReadOnlyList<int>> sequences)
    {
        Rows = sequences.Count;
        Length = sequences.Max(s => s.Count);
        Tokens = new long[Rows * Length];
        Positions = new long[Rows * Length];
        Valid = new bool[Rows * Length];
        for (var b = 0; b < Rows; b++)
        {
            var pad = Length - sequences[b].Count;
            for (var t = 0; t < Length; t++)
            {
                var i = b * Length + t;
                Tokens[i] = t < pad ? 0 : sequences[b][t - pad];
                Positions[i] = Math.Max(0, t - pad);
                Valid[i] = t >= pad;
            }
        }
    }

    public int Rows { get; }

    public int Length { get; }

    public long[] Tokens { get; }

    public long[] Positions { get; }

    public bool[] Valid { get; }

    /// <summary>Tensors for one prefill: tokens, positions (B, T), key validity (B, T) and the mask (B, 1, T, T). The caller owns them.</summary>
    public (Tensor Tokens, Tensor Positions, Tensor Valid, Tensor Mask) ToTensors(Device device)
    {
        var tokens = tensor(Tokens, device: device).view(Rows, Length);
        var positions = tensor(Positions, device: device).view(Rows, Length);
        var valid = tensor(Valid, device: device).view(Rows, Length);
        using var causal = ones(Length, Length, ScalarType.Bool, device).tril();
        using var self = eye(Length, dtype: ScalarType.Bool, device: device);
        using var allowed = causal.unsqueeze(0) & valid.unsqueeze(1);
        var mask = (allowed | self.unsqueeze(0)).unsqueeze(1);
        return (tokens, positions, valid, mask);
    }
}
