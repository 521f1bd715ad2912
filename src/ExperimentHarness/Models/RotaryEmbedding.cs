using ExperimentHarness.Models.Llama;
using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentHarness.Models;

/// <summary>
/// Rotary position embeddings in the "rotate half" layout used by Hugging Face checkpoints: the first
/// and second halves of each rotated head dimension form the (x, y) pairs. Optionally only the first
/// <c>rotaryDim</c> dims are rotated (GPT-NeoX's rotary_pct).
/// </summary>
public sealed class RotaryEmbedding : IDisposable
{
    private readonly Tensor _inverseFrequencies;   // (rotaryDim/2) float32

    public RotaryEmbedding(int rotaryDim, double theta, Llama3RopeScaling? scaling, Device device)
    {
        RotaryDim = rotaryDim;
        var freqs = new float[rotaryDim / 2];
        for (var i = 0; i < freqs.Length; i++)
            freqs[i] = (float)Scale(1.0 / Math.Pow(theta, 2.0 * i / rotaryDim), scaling);
        _inverseFrequencies = tensor(freqs, device: device).DetachFromDisposeScope();
    }

    public int RotaryDim { get; }

    /// <summary>cos and sin for positions (B, T): each (B, 1, T, rotaryDim), in <paramref name="dtype"/>.</summary>
    public (Tensor Cos, Tensor Sin) Angles(Tensor positions, ScalarType dtype)
    {
        var angles = positions.to(float32).unsqueeze(-1) * _inverseFrequencies;   // (B, T, rotaryDim/2)
        var doubled = cat([angles, angles], -1).unsqueeze(1);                       // (B, 1, T, rotaryDim)
        return (doubled.cos().to(dtype), doubled.sin().to(dtype));
    }

    /// <summary>x: (B, heads, T, d_h) → same shape with the first rotaryDim dims rotated.</summary>
    public Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        var headDim = x.shape[^1];
        var rotated = RotaryDim == headDim ? x : x.narrow(-1, 0, RotaryDim);
        var half = RotaryDim / 2;
        var first = rotated.narrow(-1, 0, half);
        var second = rotated.narrow(-1, half, half);
        var result = (rotated * cos).add(cat([-second, first], -1) * sin, PinnedScalars.One);
        return RotaryDim == headDim ? result : cat([result, x.narrow(-1, RotaryDim, headDim - RotaryDim)], -1);
    }

    public void Dispose() => _inverseFrequencies.Dispose();

    // Llama 3 frequency scaling (rope_type "llama3").
    private static double Scale(double frequency, Llama3RopeScaling? s)
    {
        if (s is null) return frequency;
        var wavelength = 2 * Math.PI / frequency;
        var highWavelength = s.OriginalMaxPositions / s.HighFreqFactor;
        var lowWavelength = s.OriginalMaxPositions / s.LowFreqFactor;
        if (wavelength < highWavelength) return frequency;
        if (wavelength > lowWavelength) return frequency / s.Factor;
        var smooth = (s.OriginalMaxPositions / wavelength - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
        return (1 - smooth) * frequency / s.Factor + smooth * frequency;
    }
}
