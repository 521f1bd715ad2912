namespace ExperimentHarness.Foundation;

/// <summary>Decoding settings: greedy when <see cref="Temperature"/> is 0; stop strings end a completion (and are cut from it).</summary>
public sealed record SamplingOptions(int MaxNewTokens, double Temperature, double TopP, IReadOnlyList<string> Stop);

/// <summary>
/// One prompt and how many samples to draw from it: samples <see cref="FirstSample"/> .. FirstSample + Samples - 1. The
/// randomness of sample s comes only from (<see cref="Seed"/>, s), never from the batch, so results do not depend on batch
/// size or order, and a request starting at k draws exactly the samples k.. of a request starting at 0 (samples 0..k-1
/// already stored elsewhere are not drawn again).
/// </summary>
public sealed record GenerationRequest(string ItemId, string Prompt, SamplingOptions Sampling, int Samples, ulong Seed, int FirstSample = 0);

/// <summary>One sample's text (stop string and EOS removed), its length and why it ended: stop, eos or length.</summary>
public sealed record Completion(int SampleIndex, string Text, int GeneratedTokens, string FinishReason, Flops Flops);

/// <summary>All samples of one request with the prompt's token count and the total FLOPs charged to the request.</summary>
public sealed record GenerationResult(string ItemId, IReadOnlyList<Completion> Samples, int PromptTokens, Flops Flops);
