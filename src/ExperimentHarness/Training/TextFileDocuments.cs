using System.Text;
using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Training;

/// <summary>
/// The user's own training text. <c>.jsonl</c>: one document per line, its <c>text</c> field; any other file: documents
/// separated by lines holding only <c>&lt;|endoftext|&gt;</c> (a file without one is one document). Every 20th document
/// is held out for the held-out loss; the training split repeats in order (epochs). Each document is checked against
/// the test split (<see cref="TestSetGuard"/>) when the files are read; invalid UTF-8, a bad JSON line or an empty
/// corpus is an error naming the file and the line.
/// </summary>
public sealed class TextFileDocuments : IDocumentSource
{
    public const string Separator = "<|endoftext|>";
    private const int HeldOutEvery = 20;
    private readonly List<string> _train = [];
    private readonly List<string> _heldOut = [];
    private readonly IReadOnlyList<string> _files;

    public TextFileDocuments(IReadOnlyList<string> files, TestSetGuard guard)
    {
        _files = files;
        var all = new List<string>();
        foreach (var file in files)
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"corpus file not found: {file}", file);
            var lines = StrictUtf8.ReadAllText(file).Split('\n');
            foreach (var (text, line) in Path.GetExtension(file).Equals(".jsonl", StringComparison.OrdinalIgnoreCase) ? JsonLines(file, lines) : Separated(lines))
            {
                guard.Check(text, $"{file}:{line}");
                all.Add(text);
            }
        }
        for (var i = 0; i < all.Count; i++) (i % HeldOutEvery == HeldOutEvery - 1 ? _heldOut : _train).Add(all[i]);
        if (_train.Count == 0) throw new InputException($"corpus files {string.Join(", ", files)}: no training documents");
        if (_heldOut.Count == 0) _heldOut.Add(_train[^1]);
    }

    public string Document(string split, long index)
    {
        var list = split == "heldout" ? _heldOut : _train;
        return list[(int)(index % list.Count)];
    }

    public string Describe() => $"{_train.Count} training and {_heldOut.Count} held-out documents from {string.Join(", ", _files.Select(Path.GetFileName))}";

    private static IEnumerable<(string Text, int Line)> JsonLines(string file, string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            string? text;
            try
            {
                using var doc = JsonDocument.Parse(lines[i]);
                text = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            }
            catch (JsonException ex) { throw new InputException($"{file}:{i + 1}: not a JSON object ({ex.Message})"); }
            if (string.IsNullOrWhiteSpace(text)) throw new InputException($"{file}:{i + 1}: expected an object with a non-empty string field 'text'");
            yield return (text, i + 1);
        }
    }

    private static IEnumerable<(string Text, int Line)> Separated(string[] lines)
    {
        var current = new StringBuilder();
        var start = 1;
        for (var i = 0; i <= lines.Length; i++)
        {
            if (i < lines.Length && lines[i].TrimEnd('\r') != Separator)
            {
                if (current.Length > 0) current.Append('\n');
                current.Append(lines[i].TrimEnd('\r'));
                continue;
            }
            var text = current.ToString().Trim();
            if (text.Length > 0) yield return (text, start);
            current.Clear();
            start = i + 2;
        }
    }
}
