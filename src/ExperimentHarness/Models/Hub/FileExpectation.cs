namespace ExperimentHarness.Models.Hub;

/// <summary>
/// What a download must turn out to be: a pinned file has an exact size and sha256; an unpinned one only a
/// ceiling. <see cref="MaxBytes"/> is where reading stops either way, so a server cannot fill the disk.
/// </summary>
public sealed record FileExpectation(long? Size, string? Sha256, long MaxBytes)
{
    public static FileExpectation Pinned(long size, string sha256) => new(size, sha256, size);

    public static FileExpectation Unpinned(long maxBytes) => new(null, null, maxBytes);
}
