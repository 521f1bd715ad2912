using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Training;

/// <summary>
/// Keeps the arith test split out of training text: the SHA-256 of every test question (normalised whitespace) is
/// held, and a training problem or document that contains one is refused. The procedural corpus skips such problems;
/// a user's file that contains one is an error naming the file and the line.
/// </summary>
public sealed class TestSetGuard
{
    private readonly HashSet<string> _hashes;
    private readonly IReadOnlyList<string> _questions;

    public TestSetGuard(CorpusSpec corpus)
    {
        _questions = ArithSource.TestSplit(corpus.GuardSeed, corpus.MinSteps, corpus.MaxSteps, corpus.GuardTestSize).Select(i => Normalise(i.Question)).ToList();
        _hashes = _questions.Select(Hash).ToHashSet(StringComparer.Ordinal);
        Description = $"arith test split seed {corpus.GuardSeed}, steps {corpus.MinSteps}-{corpus.MaxSteps}, first {_questions.Count} questions";
    }

    public string Description { get; }

    public int Count => _hashes.Count;

    /// <summary>True when <paramref name="question"/> is a test question.</summary>
    public bool IsTestQuestion(string question) => _hashes.Contains(Hash(Normalise(question)));

    /// <summary>Throws when a document contains any test question verbatim (whitespace normalised); used on text the guard did not generate.</summary>
    public void Check(string document, string where)
    {
        var text = Normalise(document);
        foreach (var question in _questions)
            if (text.Contains(question, StringComparison.Ordinal))
                throw new InputException($"{where}: contains a test question of the {Description} ('{Shorten(question)}'); it may not be used for training");
    }

    private static string Normalise(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Hash(string text) => ContentHash.Of(text);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
