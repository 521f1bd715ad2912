namespace ExperimentHarness.Engine;

// Provisional engine contracts used by the runner; the engine's own definitions replace this file.

public sealed record SamplingOptions(int MaxNewTokens, double Temperature, double TopP, IReadOnlyList<string> Stop);

public sealed record GenerationRequest(string ItemId, string Prompt, SamplingOptions Sampling, int Samples, ulong Seed);

public sealed record Completion(int SampleIndex, string Text, int GeneratedTokens, string FinishReason, Flops Flops);

public sealed record GenerationResult(string ItemId, IReadOnlyList<Completion> Samples, int PromptTokens, Flops Flops);

public interface IGenerationEngine
{
    IEnumerable<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken ct);
}
