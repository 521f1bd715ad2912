namespace ExperimentHarness.Scoring;

/// <summary>A task's answer kind and, for multiple choice, how many options its scorer accepts (letters A–E: 5).</summary>
public sealed record AnswerFormat(AnswerKind Kind, int? Options = null);
