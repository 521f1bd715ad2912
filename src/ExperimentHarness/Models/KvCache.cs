using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentHarness.Models;

/// <summary>
/// A preallocated key/value cache: per layer, keys and values of shape (B, g, S_max, d_h). Each forward
/// writes its new positions in place (no per-step concatenation). The cache owns its tensors. Its element type is
/// <see cref="StorageFor"/>: a reduced-precision model on the CPU keeps float32 keys and values, and attends in float32.
/// </summary>
public sealed class KvCache : IDisposable
{
    /// <summary>
    /// The cache's element type for a model's <paramref name="dtype"/>: the same, except on the CPU, where bfloat16 and
    /// float16 keys are stored (exactly) as float32. libtorch's CPU attention over reduced-precision keys ran at half the
    /// float32 speed on the build machine (decode attention, 32 rows × 100 keys: 34 against 15 ms a step; 8 × 1,100:
    /// 41 against 25 ms), which undid most of what bfloat16 weights gain; the cache is a small part of CPU memory.
    /// </summary>
    public static ScalarType StorageFor(ScalarType dtype, Device device) =>
        device.type == DeviceType.CPU && dtype is ScalarType.BFloat16 or ScalarType.Float16 ? ScalarType.Float32 : dtype;

    private readonly Tensor[] _keys;
    private readonly Tensor[] _values;

    public KvCache(int layers, long batch, int kvHeads, long maxLength, int headDim, ScalarType dtype, Device device)
    {
        _keys = new Tensor[layers];
        _values = new Tensor[layers];
        for (var l = 0; l < layers; l++)
        {
            _keys[l] = zeros([batch, kvHeads, maxLength, headDim], StorageFor(dtype, device), device).DetachFromDisposeScope();
            _values[l] = zeros([batch, kvHeads, maxLength, headDim], StorageFor(dtype, device), device).DetachFromDisposeScope();
        }
        Batch = batch;
        MaxLength = maxLength;
    }

    private KvCache(Tensor[] keys, Tensor[] values)
    {
        _keys = keys;
        _values = values;
        Batch = keys[0].shape[0];
        MaxLength = keys[0].shape[2];
    }

    public long Batch { get; }

    public long MaxLength { get; }

    private Tensor? _rowSlots;
    private long _viewLength;

    /// <summary>
    /// From now on, one-token appends go to each row's own position (rows decode at different depths,
    /// as when finished rows are refilled with new prompts) and views cover [0, <paramref name="viewLength"/>).
    /// </summary>
    /// <param name="positions">(B) int64 write position of each row; null returns to shared offsets.</param>
    public void WriteAtRowPositions(Tensor? positions, long viewLength)
    {
        _rowSlots?.Dispose();
        _rowSlots = null;
        _viewLength = viewLength;
        if (positions is null) return;
        // Row r, KV head j, position p is row (r·g + j)·S_max + p of the cache seen as (B·g·S_max, d_h): one index_copy_
        // of contiguous d_h-vectors, where scatter_ with an expanded (B, g, 1, d_h) index walked every element (the
        // larger part of a decode step's non-matmul time at 8 rows × 1,100 positions).
        var kvHeads = _keys[0].shape[1];
        using var scope = NewDisposeScope();
        using var stride = MaxLength.ToScalar();
        using var count = (Batch * kvHeads).ToScalar();
        var heads = arange(PinnedScalars.Zero, count, PinnedScalars.One, int64, positions.device).view(Batch, kvHeads);
        _rowSlots = heads.mul_(stride).add_(positions.view(Batch, 1), PinnedScalars.One).view(-1).DetachFromDisposeScope();
    }

    /// <summary>
    /// Writes keys/values (B, g, T, d_h) at positions [offset, offset+T) (or, for one token after
    /// <see cref="WriteAtRowPositions"/>, at each row's position) and returns views of the keys/values attended to,
    /// in the cache's element type (queries are cast to it).
    /// </summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values, long offset)
    {
        var length = keys.shape[2];
        if (_rowSlots is { } slots && length == 1)
        {
            var d = keys.shape[3];
            _keys[layer].view(-1, d).index_copy_(0, slots, keys.reshape(-1, d).to(_keys[layer].dtype));
            _values[layer].view(-1, d).index_copy_(0, slots, values.reshape(-1, d).to(_values[layer].dtype));
            return (_keys[layer].narrow(2, 0, _viewLength), _values[layer].narrow(2, 0, _viewLength));
        }
        if (offset + length > MaxLength)
            throw new InvalidOperationException($"KV cache overflow at layer {layer}: offset {offset} + {length} > capacity {MaxLength}");
        _keys[layer].narrow(2, offset, length).copy_(keys);
        _values[layer].narrow(2, offset, length).copy_(values);
        return (_keys[layer].narrow(2, 0, offset + length), _values[layer].narrow(2, 0, offset + length));
    }

    /// <summary>A new cache whose row i is a copy of this cache's row <paramref name="rows"/>[i] (shares one prefill among samples).</summary>
    public KvCache Gather(Tensor rows)
    {
        var keys = _keys.Select(k => k.index_select(0, rows).DetachFromDisposeScope()).ToArray();
        var values = _values.Select(v => v.index_select(0, rows).DetachFromDisposeScope()).ToArray();
        return new KvCache(keys, values);
    }

    /// <summary>Copies positions [sourceStart, sourceStart+length) of a row of <paramref name="source"/> into positions [0, length) of row <paramref name="row"/>.</summary>
    public void CopyRowPrefix(long row, KvCache source, long sourceRow, long sourceStart, long length)
    {
        for (var l = 0; l < _keys.Length; l++)
        {
            _keys[l].narrow(0, row, 1).narrow(2, 0, length).copy_(source._keys[l].narrow(0, sourceRow, 1).narrow(2, sourceStart, length));
            _values[l].narrow(0, row, 1).narrow(2, 0, length).copy_(source._values[l].narrow(0, sourceRow, 1).narrow(2, sourceStart, length));
        }
    }

    public void Dispose()
    {
        _rowSlots?.Dispose();
        foreach (var t in _keys) t.Dispose();
        foreach (var t in _values) t.Dispose();
    }
}
