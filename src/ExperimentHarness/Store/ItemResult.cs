using ExperimentHarness.Enhancements;

namespace ExperimentHarness.Store;

/// <summary>
/// One sample drawn for an item: the raw completion, the answers the strict and flexible extractors found,
/// and the verifier's score when the stack has one (null otherwise, and in records written before it was kept).
/// </summary>
public sealed record SampleOutcome(
    int SampleIndex,
    string Completion,
    int GeneratedTokens,
    string FinishReason,
    string? StrictAnswer,
    string? FlexibleAnswer,
    double FlopsExecuted,
    double FlopsCanonical,
    double? VerifierScore = null);

/// <summary>
/// Everything recorded for one finished item of one cell, persisted the moment it completes.
/// <see cref="Key"/> is a content hash of (model weights, item, stack, generation settings, seed), so a
/// rerun of the same cell recognises finished items whatever the batch size or order.
/// </summary>
public sealed record ItemResult(
    string Key,
    string ItemId,
    int ItemIndex,
    string Prompt,
    string Gold,
    IReadOnlyList<SampleOutcome> Samples,
    AnswerChoice StrictChoice,
    AnswerChoice FlexibleChoice,
    bool CorrectStrict,
    bool CorrectFlexible,
    int PromptTokens,
    int GeneratedTokens,
    double FlopsExecuted,
    double FlopsCanonical,
    ulong Seed);
