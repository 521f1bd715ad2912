namespace ExperimentHarness.Benchmarks;

/// <summary>
/// One benchmark problem. <paramref name="Gold"/> is the reference answer in the task's answer
/// format (a number for maths, a letter for multiple choice, yes/no, a string). <paramref name="Solution"/>
/// is a worked solution ending in the answer, where the source has one (used for CoT exemplars).
/// <paramref name="Choices"/> are the options of a multiple-choice item, in letter order.
/// </summary>
public sealed record BenchmarkItem(
    string Id,
    string Question,
    string Gold,
    string? Solution = null,
    IReadOnlyList<string>? Choices = null);
