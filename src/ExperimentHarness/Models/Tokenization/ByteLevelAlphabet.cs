namespace ExperimentHarness.Models.Tokenization;

/// <summary>
/// The byte ↔ printable-character table of byte-level BPE vocabularies (GPT-2 convention): printable
/// Latin-1 bytes map to themselves, the other 68 bytes to code points from 256 upwards, in byte order.
/// </summary>
public static class ByteLevelAlphabet
{
    public static readonly IReadOnlyList<char> ByteToChar = Build();

    private static char[] Build()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= 33 and <= 126 or >= 161 and <= 172 or >= 174 and <= 255;
            table[b] = (char)(printable ? b : next++);
        }
        return table;
    }

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) chars[i] = ByteToChar[bytes[i]];
        return new string(chars);
    }
}
