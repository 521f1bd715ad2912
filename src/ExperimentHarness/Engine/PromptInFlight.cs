using ExperimentHarness.Foundation;

namespace ExperimentHarness.Engine;

/// <summary>One prompt being generated: its request and tokens, each sample's completion as it finishes, and its FLOPs so far.</summary>
internal sealed class PromptInFlight(GenerationRequest request, IReadOnlyList<int> tokens)
{
    public GenerationRequest Request => request;

    public IReadOnlyList<int> Tokens => tokens;

    /// <summary>Per sample: text, generated tokens and finish reason once it has finished (FLOPs filled in by <see cref="Result"/>).</summary>
    public Completion?[] Completions { get; } = new Completion?[request.Samples];

    public double Executed { get; set; }

    public bool Done => Completions.All(c => c is not null);

    /// <summary>
    /// The finished prompt. Canonical FLOPs: one causal prefill, then per sample the one-token forwards that
    /// produced tokens 2..G; executed FLOPs are what ran for it, shared equally by its samples.
    /// </summary>
    public GenerationResult Result(FlopLedger ledger)
    {
        var samples = Completions.Select(c => c!).ToList();
        var canonical = ledger.CanonicalSamples(Tokens.Count, samples.Select(c => c.GeneratedTokens).ToList());
        var completions = samples.Select((c, i) => c with { Flops = new Flops(Executed / samples.Count, canonical.PerSample[i]) }).ToList();
        return new GenerationResult(Request.ItemId, completions, Tokens.Count, new Flops(Executed, canonical.Total));
    }
}
