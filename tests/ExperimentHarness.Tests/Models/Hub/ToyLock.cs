using System.Security.Cryptography;
using System.Text.Json;

namespace ExperimentHarness.Tests.Models.Hub;

/// <summary>A models lock with one family "toy" and one member "a" (repo org/toy-a), pinned or not, for the fetch tests.</summary>
internal static class ToyLock
{
    public static byte[] Bytes(int size, int seed) { var b = new byte[size]; new Random(seed).NextBytes(b); return b; }

    public static string Sha(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));

    /// <summary>Pinned at revision 0123abcd with the given files (sizes and sha256 from their contents).</summary>
    public static string Pinned(string dir, params (string Path, byte[] Content)[] files) =>
        Write(Path.Combine(dir, "test.lock.json"), "0123abcd", files.Select(f => new { path = f.Path, size = f.Content.Length, sha256 = Sha(f.Content) }), null);

    /// <summary>No revision and no files, with the reason recorded as a real lock does.</summary>
    public static string Unpinned(string dir) => Write(Path.Combine(dir, "unpinned.lock.json"), null, null, "offline");

    private static string Write(string path, string? revision, object? files, string? pinNullReason)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            schema_version = 1,
            families = new Dictionary<string, object>
            {
                ["toy"] = new
                {
                    architecture = "llama",
                    description = "test",
                    members = new Dictionary<string, object>
                    {
                        ["a"] = new
                        {
                            repo = "org/toy-a", revision, files, pin_null_reason = pinNullReason,
                            params_total = 1e6, params_nonembedding = 5e5, training_tokens = 1e9, training_tokens_note = "test",
                            training_flops = 6e15, training_flops_source = "6*N*D", license = "mit",
                        },
                    },
                },
            },
        }));
        return path;
    }
}
