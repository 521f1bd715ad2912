namespace ExperimentHarness.Enhancements;

/// <summary>
/// A second generation step per sample (zero-shot CoT's answer step): after the sample's text comes <see cref="Cue"/>, then
/// at most <see cref="MaxNewTokens"/> greedy tokens that end at a newline. Both are appended to the sample's text and the
/// step's FLOPs to its cost. The first step stops where it writes the cue itself, so the cue (and the answer after it)
/// is written once, by this step.
/// </summary>
public sealed record FollowUpStep(string Cue, int MaxNewTokens);
