namespace ExperimentHarness.Models.Tokenization;

/// <summary>Text ↔ token ids for one checkpoint.</summary>
public interface ITextTokenizer
{
    /// <summary>Ids of the text, with the checkpoint's beginning-of-sequence token first when it uses one.</summary>
    IReadOnlyList<int> Encode(string text);

    string Decode(IEnumerable<int> ids);

    int? BosId { get; }

    IReadOnlyList<int> EosIds { get; }

    int VocabularySize { get; }
}
