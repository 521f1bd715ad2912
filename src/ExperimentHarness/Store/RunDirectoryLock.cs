using ExperimentHarness.Foundation;

namespace ExperimentHarness.Store;

/// <summary>
/// One run at a time per output directory: <c>DIR/results.lock</c> is held open with <see cref="FileShare.None"/>
/// (an exclusive <c>flock</c> on Linux, a sharing lock on Windows) for as long as the run lasts, and
/// <c>DIR/results.owner</c> names the holder's pid. A second run into the same directory fails at once with
/// an <see cref="InputException"/> (exit 3) and touches nothing of the first. The operating system drops the
/// lock when its process ends, also after kill -9, so a stale lock never blocks the next run.
/// </summary>
public sealed class RunDirectoryLock : IDisposable
{
    public const string FileName = "results.lock";
    public const string OwnerFileName = "results.owner";

    private readonly FileStream _stream;
    private readonly IReadOnlyList<string> _created;
    private bool _released;

    private RunDirectoryLock(string directory, FileStream stream, IReadOnlyList<string> created)
    {
        Directory = directory;
        _stream = stream;
        _created = created;
    }

    public string Directory { get; }

    /// <summary>Creates <paramref name="directory"/> if needed and takes its lock, or throws <see cref="InputException"/> naming the holder.</summary>
    public static RunDirectoryLock Acquire(string directory)
    {
        var full = Path.GetFullPath(directory);
        var created = new List<string>();
        for (var d = full; !string.IsNullOrEmpty(d) && !System.IO.Directory.Exists(d); d = Path.GetDirectoryName(d)) created.Add(d);
        System.IO.Directory.CreateDirectory(full);
        var path = Path.Combine(full, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (File.Exists(path))
        {
            throw new InputException($"{full} is in use by another run ({Owner(full)}); wait for it to finish or choose another output directory (--out)", ex);
        }
        var owner = Path.Combine(full, OwnerFileName);
        try
        {
            AtomicFile.WriteAllText(owner, $"pid {Environment.ProcessId} on {Environment.MachineName} since {DateTime.UtcNow:O}\n");
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        return new RunDirectoryLock(full, stream, created);
    }

    /// <summary>What the holder wrote about itself ("pid N on HOST since T"), or "pid unknown".</summary>
    private static string Owner(string directory)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(directory, OwnerFileName)).Trim();
            return text.Length > 0 ? text : "pid unknown";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "pid unknown";
        }
    }

    /// <summary>
    /// Releases the lock and removes the lock files and every folder <see cref="Acquire"/> created, when nothing else
    /// was written there: a run that failed before it stored anything leaves the output directory as it found it.
    /// </summary>
    public void ReleaseAndRemove()
    {
        if (_released) return;
        TryDelete(Path.Combine(Directory, OwnerFileName));
        TryDelete(Path.Combine(Directory, FileName));       // unlinked while still held, so no other run can hold it meanwhile
        Dispose();
        foreach (var directory in _created)
        {
            try
            {
                if (System.IO.Directory.EnumerateFileSystemEntries(directory).Any()) return;
                System.IO.Directory.Delete(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        if (_released) return;
        _released = true;
        TryDelete(Path.Combine(Directory, OwnerFileName));
        _stream.Dispose();
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
