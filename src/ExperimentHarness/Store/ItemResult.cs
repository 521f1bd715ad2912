using ExperimentHarness.Enhancements;

namespace ExperimentHarness.Store;

/// <summary>
/// One sample drawn for an item: the raw completion, the answers the strict and flexible extractors found,
/// and the verifier's score when the stack has one (null otherwise, and in records written before it was kept).
/// <see cref="Identity"/> hashes what the sample is a function of (model weights, dtype, device, prompt, sampling, seed, index), so another
/// cell asking for the same sample reuses it (null where samples are not shared, and in records written before it was kept).
/// A reused sample's executed FLOPs are attributed, not run in this store (see <see cref="ItemResult.FlopsReusedExecuted"/>).
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
    double? VerifierScore = null,
    string? Identity = null);

/// <summary>
/// Everything recorded for one finished item of one cell, persisted the moment it completes.
/// <see cref="Key"/> is a content hash of (model weights, item, stack, generation settings, seed), so a
/// rerun of the same cell recognises finished items whatever the batch size or order.
/// The first <see cref="SamplesReused"/> samples were taken from another stored item instead of generated: their FLOPs are
/// not in <see cref="FlopsExecuted"/> (what ran for this item in this store) but in <see cref="FlopsReusedExecuted"/> (what
/// generating them here would have added, estimated from this item's own generation: see <c>SharedSamples.Merge</c>); <see cref="FlopsCanonical"/> is what generating all samples costs, reused or not, and
/// <see cref="FlopsReusedCanonical"/> the reused samples' share of it.
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
    ulong Seed,
    int SamplesReused = 0,
    double FlopsReusedExecuted = 0,
    double FlopsReusedCanonical = 0);
