using System.Buffers;
using System.Text.Unicode;

namespace ExperimentHarness.Foundation;

/// <summary>
/// Reads user text files as UTF-8 and refuses invalid bytes (instead of silently turning them into U+FFFD),
/// naming the file and the line of the first bad byte. A leading byte-order mark is skipped.
/// </summary>
public static class StrictUtf8
{
    public static string ReadAllText(string file) => Decode(File.ReadAllBytes(file), file);

    /// <summary>The file's lines, split as <see cref="File.ReadLines(string)"/> splits them.</summary>
    public static IEnumerable<string> ReadLines(string file)
    {
        using var reader = new StringReader(ReadAllText(file));
        while (reader.ReadLine() is { } line) yield return line;
    }

    public static string Decode(ReadOnlySpan<byte> bytes, string file)
    {
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: true);
        if (status == OperationStatus.Done) return new string(chars, 0, written);
        var line = 1 + bytes[..read].Count((byte)'\n');
        throw new InputException($"{file}:{line}: not valid UTF-8 (byte 0x{bytes[read]:X2} at offset {read}); save the file as UTF-8");
    }
}
