using System.Security.Cryptography;
using System.Text;

namespace ExperimentHarness.Foundation;

/// <summary>Stable content hashes for cell ids, item keys and per-item seeds.</summary>
public static class ContentHash
{
    /// <summary>Hex SHA-256 of the parts joined with an unambiguous separator.</summary>
    public static string Of(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", parts))));

    /// <summary>A 64-bit seed derived from the parts (first 8 bytes of their SHA-256).</summary>
    public static ulong Seed(params string[] parts) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", parts))), 0);
}
