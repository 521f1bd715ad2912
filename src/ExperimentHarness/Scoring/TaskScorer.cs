namespace ExperimentHarness.Scoring;

/// <summary>
/// How one task is scored: a strict extractor (the task's own answer format only) and a flexible
/// one (with fallbacks such as the last number), both reported; and the comparison of a normalised
/// answer with the normalised gold answer (numbers compare as decimals).
/// </summary>
public interface ITaskScorer
{
    string Task { get; }

    /// <summary>What an answer of this task is: multiple choice (with the number of letters accepted), yes/no, numeric or free text.</summary>
    AnswerFormat Answers { get; }
    IAnswerExtractor Strict { get; }
    IAnswerExtractor Flexible { get; }

    /// <summary>Normalises a gold answer as stored in the data; throws <see cref="FormatException"/> if it cannot be parsed.</summary>
    string NormalizeGold(string gold);

    /// <summary>True when the extracted answer equals the (normalised) gold answer.</summary>
    bool IsCorrect(ExtractedAnswer answer, string normalizedGold);
}
