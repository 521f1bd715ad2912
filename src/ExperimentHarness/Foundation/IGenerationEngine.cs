namespace ExperimentHarness.Foundation;

/// <summary>Generates completions. Each request's result is yielded as soon as all its samples have finished.</summary>
public interface IGenerationEngine
{
    IEnumerable<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken ct);
}
