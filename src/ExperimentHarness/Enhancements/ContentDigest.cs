using ExperimentHarness.Foundation;

namespace ExperimentHarness.Enhancements;

/// <summary>How free text and files appear in an element's identity: a short SHA-256 of the content, the same on every machine.</summary>
public static class ContentDigest
{
    private const int HexDigits = 16;

    public static string OfText(string text) => "sha256:" + ContentHash.Of(text)[..HexDigits];

    /// <summary>For a digest computed elsewhere (e.g. a checkpoint's weights hash).</summary>
    public static string OfHash(string sha256Hex) => "sha256:" + sha256Hex[..HexDigits];
}
