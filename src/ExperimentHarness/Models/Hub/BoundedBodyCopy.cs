namespace ExperimentHarness.Models.Hub;

/// <summary>
/// Copies a response body into a file, never more than a ceiling (reading stops one byte past it) and never
/// waiting longer than the idle timeout for the next bytes (the timer cancels the read).
/// </summary>
public static class BoundedBodyCopy
{
    /// <summary>True when the body ended within <paramref name="maxBytes"/>; false as soon as more arrived (the excess is not written).</summary>
    public static async Task<bool> CopyAsync(Stream body, Stream file, long maxBytes, TimeSpan idleTimeout, CancellationTokenSource idleTimer)
    {
        var buffer = new byte[81920];
        long copied = 0;
        while (true)
        {
            idleTimer.CancelAfter(idleTimeout);
            var read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, maxBytes - copied + 1)), idleTimer.Token);
            if (read == 0) return true;
            if (copied + read > maxBytes) return false;
            await file.WriteAsync(buffer.AsMemory(0, read), idleTimer.Token);
            copied += read;
        }
    }
}
