using ExperimentHarness.Models;
using TorchSharp;
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

    /// <summary>True when every row has the batch's length: its first prefill chunk can use the causal kernel without a mask.</summary>
    public bool Unpadded => Array.TrueForAll(Valid, v => v);

    /// <summary>
    /// The mask for queries [<paramref name="start"/>, start+<paramref name="length"/>) against keys [0, start+length):
    /// (B, 1, length, start+length), causal, pads hidden, each query allowed itself. The caller owns it.
    /// </summary>
    /// <param name="valid">(B, T) key validity from <see cref="Inputs"/>.</param>
    public static Tensor ChunkMask(Tensor valid, long start, long length)
    {
        using var scope = NewDisposeScope();
        var keys = start + length;
        var device = valid.device;
        using var first = start.ToScalar();
        using var end = keys.ToScalar();
        var query = arange(first, end, PinnedScalars.One, ScalarType.Int64, device).unsqueeze(1);     // (length, 1)
        var key = arange(PinnedScalars.Zero, end, PinnedScalars.One, ScalarType.Int64, device).unsqueeze(0);   // (1, keys)
        var allowed = key.le(query).unsqueeze(0) & valid.narrow(1, 0, keys).unsqueeze(1);
        return (allowed | key.eq(query).unsqueeze(0)).unsqueeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>Tokens, rotary positions and key validity, each (B, T). The caller owns them.</summary>
    public (Tensor Tokens, Tensor Positions, Tensor Valid) Inputs(Device device) =>
        (tensor(Tokens, device: device).view(Rows, Length), tensor(Positions, device: device).view(Rows, Length), tensor(Valid, device: device).view(Rows, Length));

    /// <summary>Tensors for one prefill in one piece: <see cref="Inputs"/> and the mask (B, 1, T, T). The caller owns them.</summary>
    public (Tensor Tokens, Tensor Positions, Tensor Valid, Tensor Mask) ToTensors(Device device)
    {
        var (tokens, positions, valid) = Inputs(device);
        return (tokens, positions, valid, ChunkMask(valid, 0, Length));
    }
}
