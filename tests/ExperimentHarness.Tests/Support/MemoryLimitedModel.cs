using System.Runtime.InteropServices;
using ExperimentHarness.Models;
using static TorchSharp.torch;

namespace ExperimentHarness.Tests.Support;

/// <summary>
/// Wraps a real model and fails like libtorch does on a full GPU (an ExternalException saying "out of
/// memory") whenever a forward holds more than <c>maxRows</c> rows, and records the rows of every prefill
/// (a forward of more than one token from position 0: a chunked prefill's later chunks are not new prefills). Does not own the wrapped model.
/// </summary>
public sealed class MemoryLimitedModel(ICausalLanguageModel inner, int maxRows) : ICausalLanguageModel
{
    public int Refused { get; private set; }

    public List<long> PrefillRows { get; } = [];

    public ModelShape Shape => inner.Shape;

    public Device Device => inner.Device;

    public ScalarType DType => inner.DType;

    public Tensor Forward(Tensor tokens, Tensor positions, KvCache cache, long offset, Tensor mask, bool lastOnly)
    {
        Check(tokens, offset);
        return inner.Forward(tokens, positions, cache, offset, mask, lastOnly);
    }

    public Tensor Hidden(Tensor tokens, Tensor positions, KvCache cache, long offset, Tensor mask)
    {
        Check(tokens, offset);
        return inner.Hidden(tokens, positions, cache, offset, mask);
    }

    public Tensor Logits(Tensor hidden) => inner.Logits(hidden);

    public void Dispose() { }

    private void Check(Tensor tokens, long offset)
    {
        if (tokens.shape[0] <= maxRows)
        {
            if (tokens.shape[1] > 1 && offset == 0) PrefillRows.Add(tokens.shape[0]);
            return;
        }
        Refused++;
        throw new ExternalException($"CUDA out of memory. Tried to allocate 2.00 GiB (simulated: {tokens.shape[0]} rows > {maxRows})");
    }
}
