using ExperimentHarness.Engine;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;
using ExperimentHarness.Scoring;
using ExperimentHarness.Store;

namespace ExperimentHarness.Runner;

/// <summary>
/// Runs the unfinished items of one cell through stack → engine → scorer (<see cref="CellLoop"/> does the resuming,
/// storing and progress). The engine streams a prompt's result when its last sample ends, not when its batch ends, and each
/// item is stored then. An item whose plan has a follow-up step (zero-shot CoT's answer step) is stored when that step
/// finishes; the chunk's follow-up steps run together after its first steps, and a stop during the first steps still runs
/// the follow-ups of the items whose first step is done. So a stop (SIGINT/SIGTERM) loses only the prompts still decoding,
/// and kill -9 loses those plus the chunk's items still waiting for their follow-up step. Nothing half-done is ever written.
/// Samples the store already holds under the same identity (another cell's, <see cref="SharedSamples"/>) are reused and the
/// engine draws only the rest; an item whose samples are all stored is scored without generating.
/// </summary>
public sealed class CellRunner(IGenerationEngine engine, IInferenceCostModel costs)
{
    public CellProgress Run(CellSpec cell, ResultsStore store, Action<CellProgress>? onProgress, CancellationToken ct) =>
        CellLoop.Run(cell, store, new Generation(engine, cell, new SharedSamples(cell, store, costs)), onProgress, ct);

    /// <summary>An item's plan, its request for all its samples, and the samples the store already holds (see <see cref="SharedSamples"/>).</summary>
    private sealed record Planned(PendingItem Pending, ItemPlan Plan, GenerationRequest Request, SampleReuse? Reuse)
    {
        /// <summary>What the engine still has to draw; null when every sample is stored.</summary>
        public GenerationRequest? ToGenerate { get; } = SharedSamples.Remaining(Request, Reuse);
    }

    private sealed class Generation(IGenerationEngine engine, CellSpec cell, SharedSamples shared) : ICellWork
    {
        public void Run(IReadOnlyList<PendingItem> chunk, Action<ItemResult> finished, CancellationToken ct)
        {
            var all = chunk.Select(Plan).ToList();
            foreach (var entry in all.Where(p => p.ToGenerate is null))
                finished(Scored(entry, null));
            var planned = all.Where(p => p.ToGenerate is not null).ToDictionary(p => p.Request.ItemId, StringComparer.Ordinal);
            var awaiting = new List<(Planned Entry, GenerationResult First)>();
            try
            {
                foreach (var first in engine.Generate(planned.Values.Select(p => p.ToGenerate!).ToList(), ct))
                {
                    var entry = planned[first.ItemId];
                    if (entry.Plan.FollowUp is null) finished(Scored(entry, first));
                    else awaiting.Add((entry, first));
                }
            }
            catch (OperationCanceledException) when (awaiting.Count > 0)
            {
                // A stop while other prompts were still in their first step: the items whose first step is done get their short
                // follow-up step and are stored, so the stop loses only the prompts that were still decoding. A second signal
                // kills the process as usual.
                foreach (var (entry, result) in FollowUps(awaiting, CancellationToken.None))
                    finished(Scored(entry, result));
                throw;
            }
            foreach (var (entry, result) in FollowUps(awaiting, ct))
                finished(Scored(entry, result));
        }

        private ItemResult Scored(Planned entry, GenerationResult? generated) =>
            ItemScoring.Score(cell, entry.Pending, entry.Request, entry.Plan, shared.Merge(entry.Request, entry.Reuse, generated), entry.Reuse);

        private Planned Plan(PendingItem pending)
        {
            var plan = cell.Stack.Plan(pending.Item);
            var sampling = cell.Stack.SamplingFor(cell.Sampling);
            // The first step stops where it writes the follow-up's cue itself, so the cue and what follows it are written once.
            if (plan.FollowUp is { } step && !sampling.Stop.Contains(step.Cue)) sampling = sampling with { Stop = [.. sampling.Stop, step.Cue] };
            var request = new GenerationRequest(pending.Key, PromptFormat.Render(plan), sampling, plan.Samples, cell.ItemSeed(pending.Item));
            return new Planned(pending, plan, request, shared.Find(plan, request));
        }

        /// <summary>
        /// The follow-up step of every sample of the given items, as one batch: the sample's text, the cue, and a short greedy
        /// continuation ending at a newline; cue and continuation are appended to the sample's text and the step's FLOPs to
        /// its cost. Yields each item once all its samples' steps are in.
        /// </summary>
        private IEnumerable<(Planned Entry, GenerationResult Result)> FollowUps(IReadOnlyList<(Planned Entry, GenerationResult First)> awaiting, CancellationToken ct)
        {
            if (awaiting.Count == 0) yield break;
            var requests = new List<GenerationRequest>();
            var owners = new Dictionary<string, (int Item, int Sample)>(StringComparer.Ordinal);
            for (var i = 0; i < awaiting.Count; i++)
            {
                var (entry, first) = awaiting[i];
                var step = entry.Plan.FollowUp!;
                foreach (var sample in first.Samples)
                {
                    var id = $"{entry.Request.ItemId}#followup{sample.SampleIndex}";
                    owners[id] = (i, sample.SampleIndex);
                    requests.Add(new GenerationRequest(id, entry.Request.Prompt + sample.Text + step.Cue,
                        entry.Request.Sampling with { MaxNewTokens = step.MaxNewTokens, Temperature = 0, Stop = [.. entry.Request.Sampling.Stop, "\n"] },
                        1, entry.Request.Seed));
                }
            }
            var steps = awaiting.Select(_ => new Dictionary<int, GenerationResult>()).ToList();
            foreach (var result in engine.Generate(requests, ct))
            {
                var (item, sampleIndex) = owners[result.ItemId];
                steps[item][sampleIndex] = result;
                var (entry, first) = awaiting[item];
                if (steps[item].Count < first.Samples.Count) continue;
                yield return (entry, Joined(first, entry.Plan.FollowUp!, steps[item]));
            }
        }

        private static GenerationResult Joined(GenerationResult first, FollowUpStep step, IReadOnlyDictionary<int, GenerationResult> steps)
        {
            var samples = first.Samples.Select(s =>
            {
                var answer = steps[s.SampleIndex];
                return s with
                {
                    Text = s.Text + step.Cue + answer.Samples[0].Text,
                    GeneratedTokens = s.GeneratedTokens + answer.Samples[0].GeneratedTokens,
                    Flops = s.Flops + answer.Flops,
                };
            }).ToList();
            return first with { Samples = samples, Flops = first.Samples.Aggregate(first.Flops, (f, s) => f + steps[s.SampleIndex].Flops) };
        }
    }
}
