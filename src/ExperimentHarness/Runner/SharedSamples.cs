using System.Globalization;
using ExperimentHarness.Engine;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;
using ExperimentHarness.Store;

namespace ExperimentHarness.Runner;

/// <summary>
/// An item's sample identities and the leading samples the store already holds under them (possibly none).
/// </summary>
internal sealed record SampleReuse(IReadOnlyList<string> Identities, IReadOnlyList<(SampleOutcome Sample, int PromptTokens)> Stored)
{
    public int Count => Stored.Count;
}

/// <summary>
/// Samples shared between cells: a sample is a function of (model weights, dtype and device, exact prompt, sampling as run,
/// item seed, sample index) only — the engine draws sample s from (seed, s) — so majority(n=4) after majority(n=2) at the same settings takes
/// samples 0..1 from the store and asks the engine for 2..3 alone. The merged samples are those generating all n would
/// give; their canonical FLOPs are recomputed for all n (one prefill shared by n samples), so an item's canonical cost does
/// not depend on what was reused. Items with a follow-up step (zero-shot CoT's answer step) are not shared.
/// </summary>
internal sealed class SharedSamples(CellSpec cell, ResultsStore store, IInferenceCostModel costs)
{
    /// <summary>The item's identities and stored samples; null where its samples are not shared.</summary>
    public SampleReuse? Find(ItemPlan plan, GenerationRequest request)
    {
        if (plan.FollowUp is not null) return null;
        var sampling = CellKeys.TextOf(request.Sampling);
        var seed = request.Seed.ToString(CultureInfo.InvariantCulture);
        var identities = Enumerable.Range(0, request.Samples)
            .Select(s => ContentHash.Of("sample/v1", cell.Model.WeightsSha256, cell.Model.DType, cell.Model.Device, request.Prompt, sampling, seed,
                s.ToString(CultureInfo.InvariantCulture)))
            .ToList();
        return new SampleReuse(identities, store.LeadingSamples(identities));
    }

    /// <summary>What the engine still has to draw: the samples after the stored ones, or null when all are stored.</summary>
    public static GenerationRequest? Remaining(GenerationRequest request, SampleReuse? reuse) =>
        reuse is null || reuse.Count == 0 ? request
        : reuse.Count >= request.Samples ? null
        : request with { FirstSample = reuse.Count, Samples = request.Samples - reuse.Count };

    /// <summary>
    /// Stored and generated samples in index order, as one result for all of <paramref name="request"/>'s samples. Executed
    /// FLOPs are what ran here. Stored samples did not run here; they are charged (in proportion to their canonical FLOPs)
    /// what generating them here would have added: the canonical FLOPs beyond those of this item's own generation (their
    /// decodes; the prefill ran here), at that generation's executed-to-canonical ratio. When every sample is stored, the
    /// item's whole canonical cost at the stored samples' ratio. So the executed cost per item the CEG fit uses does not
    /// depend on which cell generated a sample first.
    /// </summary>
    public GenerationResult Merge(GenerationRequest request, SampleReuse? reuse, GenerationResult? generated)
    {
        if (reuse is null || reuse.Count == 0) return generated ?? throw new InvalidOperationException($"{request.ItemId}: nothing generated");
        var promptTokens = reuse.Stored[0].PromptTokens;
        if (generated is not null && generated.PromptTokens != promptTokens)
            throw new InvalidDataException($"item {request.ItemId}: the stored samples' prompt had {promptTokens} tokens, now {generated.PromptTokens} (tokenizer changed?)");
        var samples = reuse.Stored
            .Select(r => new Completion(r.Sample.SampleIndex, r.Sample.Completion, r.Sample.GeneratedTokens, r.Sample.FinishReason, Flops.Zero))
            .Concat(generated?.Samples ?? [])
            .OrderBy(s => s.SampleIndex)
            .ToList();
        var canonical = costs.Samples(promptTokens, samples.Select(s => s.GeneratedTokens).ToList());
        var attributed = generated is { Flops.Canonical: > 0 } ran
            ? (canonical.Total - ran.Flops.Canonical) * ran.Flops.Executed / ran.Flops.Canonical
            : canonical.Total * reuse.Stored.Sum(r => r.Sample.FlopsExecuted) / Math.Max(double.Epsilon, reuse.Stored.Sum(r => r.Sample.FlopsCanonical));
        var reusedCanonical = canonical.PerSample.Take(reuse.Count).Sum();
        return new GenerationResult(request.ItemId,
            samples.Select((s, i) => s with
            {
                Flops = i < reuse.Count
                    ? new Flops(attributed * canonical.PerSample[i] / reusedCanonical, canonical.PerSample[i])
                    : s.Flops with { Canonical = canonical.PerSample[i] },
            }).ToList(),
            promptTokens, new Flops(generated?.Flops.Executed ?? 0, canonical.Total));
    }
}
