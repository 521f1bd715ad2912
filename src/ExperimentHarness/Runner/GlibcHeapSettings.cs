using System.Runtime.InteropServices;

namespace ExperimentHarness.Runner;

/// <summary>
/// glibc malloc settings for the CLI process, where libtorch's CPU tensors live. By default glibc serves blocks from
/// 128 KiB up (its threshold adapts, but only after a free) with fresh mmap pages and returns freed heap tops to the
/// kernel, so a decode step's few-MB activations and logits were page-faulted in anew every step: on the build
/// machine (2 cores, 2026-12-02) bench's SmolLM2-135M-shaped bf16 decode at 32 rows spent 6.0 of 38 s in the kernel,
/// and 2.4 of 25 s with these settings. Blocks
/// below 32 MiB (glibc's ceiling for this setting) now come from the heap, and up to 512 MiB of freed heap is kept
/// for reuse. Only the CLI sets this; tests and library use keep the process's settings.
/// </summary>
public static class GlibcHeapSettings
{
    private const int TrimThreshold = -1;   // M_TRIM_THRESHOLD
    private const int TopPad = -2;          // M_TOP_PAD
    private const int MmapThreshold = -3;   // M_MMAP_THRESHOLD

    /// <summary>Applies the settings on Linux with glibc; elsewhere (or when mallopt is missing) does nothing.</summary>
    public static void KeepFreedMemoryForReuse()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            Mallopt(MmapThreshold, 32 << 20);
            Mallopt(TrimThreshold, 512 << 20);
            Mallopt(TopPad, 64 << 20);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl and other C libraries have no mallopt: their defaults stay
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int param, int value);
}
