using System.Diagnostics;
using System.Globalization;
using ExperimentHarness.Models;
using static TorchSharp.torch;

namespace ExperimentHarness.Engine;

/// <summary>
/// The peak resident memory a prefill of <c>rows × tokens</c> adds, chunked and in one piece, beside the KV cache it fills.
/// Linux only: the peak (VmHWM) is reset through /proc/self/clear_refs before each measurement.
/// </summary>
public static class PrefillMemoryProbe
{
    public sealed record Result(double KvCacheBytes, double ChunkedPeakBytes, double OnePiecePeakBytes, double ChunkedSeconds, double OnePieceSeconds);

    public static Result? Measure(ICausalLanguageModel model, int rows, int tokens)
    {
        if (!File.Exists("/proc/self/clear_refs") || !File.Exists("/proc/self/status")) return null;
        var vocab = Math.Min(model.Shape.Vocab, 200);
        var prompts = Enumerable.Range(0, rows)
            .Select(r => (IReadOnlyList<int>)Enumerable.Range(0, tokens - r % 4).Select(t => 1 + (r * 31 + t * 7) % (vocab - 1)).ToList()).ToList();
        var batch = new LeftPaddedBatch(prompts);
        using var element = empty(1, KvCache.StorageFor(model.DType, model.Device));
        var kvBytes = 2.0 * model.Shape.Layers * rows * model.Shape.KvHeads * batch.Length * model.Shape.HeadDim * element.ElementSize;
        using var noGrad = no_grad();
        // Interleaved twice, keeping each variant's lower peak: the first allocation of a size warms the allocator.
        var runs = new List<(bool Chunked, double Bytes, double Seconds)>();
        for (var round = 0; round < 2; round++)
        {
            foreach (var chunkedRun in round == 0 ? new[] { true, false } : new[] { false, true })
            {
                var (bytes, seconds) = Peak(() =>
                {
                    using var scope = NewDisposeScope();
                    using var cache = NewCache(model, batch);
                    if (chunkedRun) ChunkedPrefill.LastLogits(model, batch, cache);
                    else
                    {
                        var (t, p, _, mask) = batch.ToTensors(model.Device);
                        model.Forward(t, p, cache, 0, mask, lastOnly: true);
                    }
                });
                runs.Add((chunkedRun, bytes, seconds));
            }
        }
        var chunked = runs.Where(r => r.Chunked).Min(r => r.Bytes);
        var onePiece = runs.Where(r => !r.Chunked).Min(r => r.Bytes);
        var chunkedSeconds = runs.Where(r => r.Chunked).Min(r => r.Seconds);
        var onePieceSeconds = runs.Where(r => !r.Chunked).Min(r => r.Seconds);
        return new Result(kvBytes, chunked, onePiece, chunkedSeconds, onePieceSeconds);
    }

    public static string Describe(Result r, int rows, int tokens) => string.Create(CultureInfo.InvariantCulture,
        $"prefill {rows} x {tokens} tokens: peak memory added chunked {r.ChunkedPeakBytes / 1e9:F2} GB ({r.ChunkedPeakBytes / r.KvCacheBytes:F2}x the " +
        $"{r.KvCacheBytes / 1e9:F2} GB KV cache, {r.ChunkedSeconds:F2} s), one piece {r.OnePiecePeakBytes / 1e9:F2} GB " +
        $"({r.OnePiecePeakBytes / r.KvCacheBytes:F2}x, {r.OnePieceSeconds:F2} s)");

    private static KvCache NewCache(ICausalLanguageModel model, LeftPaddedBatch batch) =>
        new(model.Shape.Layers, batch.Rows, model.Shape.KvHeads, batch.Length, model.Shape.HeadDim, model.DType, model.Device);

    // Peak resident memory during the action, above the resident memory before it (the cache counts: it is what the prefill fills).
    private static (double Bytes, double Seconds) Peak(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        ReleaseFreedHeap();
        File.WriteAllText("/proc/self/clear_refs", "5");
        var before = StatusKilobytes("VmRSS");
        var clock = Stopwatch.StartNew();
        action();
        var seconds = clock.Elapsed.TotalSeconds;
        return ((StatusKilobytes("VmHWM") - before) * 1024.0, seconds);
    }

    // glibc keeps freed heap pages resident; without handing them back a second measurement would start above its own peak.
    private static void ReleaseFreedHeap()
    {
        try { MallocTrim(0); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    private static long StatusKilobytes(string key)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        return long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
