namespace ExperimentHarness.Engine;

/// <summary>
/// Tells an out-of-memory failure from other failures of device work. TorchSharp raises every libtorch error as
/// one generic exception type carrying libtorch's message, so the message is the only signal there is: CUDA's
/// caching allocator says "CUDA out of memory" (c10::OutOfMemoryError), the CPU allocator "can't allocate memory".
/// This is the one place that reads those messages.
/// </summary>
public static class OutOfMemory
{
    public static bool Is(Exception e) =>
        e is OutOfMemoryException
        || e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("can't allocate memory", StringComparison.OrdinalIgnoreCase);
}
