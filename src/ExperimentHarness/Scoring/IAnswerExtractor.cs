namespace ExperimentHarness.Scoring;

/// <summary>Finds and normalises the answer in a model completion.</summary>
public interface IAnswerExtractor
{
    /// <summary>Stable name recorded with every extracted answer (e.g. "gsm8k-strict").</summary>
    string Name { get; }

    ExtractedAnswer Extract(string completion);
}
