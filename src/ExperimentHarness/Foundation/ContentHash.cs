using System.Security.Cryptography;
using System.Text;

namespace ExperimentHarness.Foundation;

/// <summary>Stable content hashes for cell ids, item keys and per-item seeds.</summary>
public static class ContentHash
{
    /// <summary>Hex SHA-256 of the parts joined with an unambiguous separator.</summary>
    public static string Of(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", parts))));

    /// <summary>Lower-case hex SHA-256 of a file's bytes.</summary>
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <inheritdoc cref="OfFile"/>
    public static async Task<string> OfFileAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    /// <summary>
    /// Whether a file is the pinned one: null when its size and SHA-256 (compared case-insensitively) match, else what
    /// differs ("missing", the size, or the hash). One rule for every pinned file: data, models, trained families.
    /// </summary>
    public static async Task<string?> MismatchAsync(string path, long size, string sha256, CancellationToken ct)
    {
        if (!File.Exists(path)) return "missing";
        var actual = new FileInfo(path).Length;
        if (actual != size) return $"size {actual}, expected {size}";
        var sha = await OfFileAsync(path, ct);
        return sha.Equals(sha256, StringComparison.OrdinalIgnoreCase) ? null : $"sha256 {sha}, expected {sha256}";
    }

    /// <summary>A 64-bit seed derived from the parts (first 8 bytes of their SHA-256).</summary>
    public static ulong Seed(params string[] parts) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", parts))), 0);
}
