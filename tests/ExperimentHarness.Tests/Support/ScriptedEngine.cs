using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Support;

/// <summary>
/// A fake engine that answers from a script: <c>answer(prompt, sampleIndex)</c> gives each completion.
/// It records every request it saw and can cancel the run after a given number of results.
/// </summary>
public sealed class ScriptedEngine(Func<GenerationRequest, int, string> answer) : IGenerationEngine
{
    public List<GenerationRequest> Seen { get; } = [];

    public int? CancelAfterResults { get; init; }

    public CancellationTokenSource? Cancellation { get; init; }

    private int _results;

    public IEnumerable<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken ct)
    {
        foreach (var request in requests)
        {
            ct.ThrowIfCancellationRequested();
            Seen.Add(request);
            var samples = Enumerable.Range(request.FirstSample, request.Samples)
                .Select(s => new Completion(s, answer(request, s), 3, "stop", new Flops(10, 10)))
                .ToList();
            yield return new GenerationResult(request.ItemId, samples, request.Prompt.Length, new Flops(10 * request.Samples, 10 * request.Samples));
            if (CancelAfterResults is { } limit && ++_results >= limit) Cancellation?.Cancel();
        }
    }
}
