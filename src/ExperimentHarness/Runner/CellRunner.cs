using ExperimentHarness.Benchmarks;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;
using ExperimentHarness.Scoring;
using ExperimentHarness.Store;

namespace ExperimentHarness.Runner;

/// <summary>How far a cell is: items finished of all, and what this invocation did (items, generated tokens, executed FLOPs).</summary>
public sealed record CellProgress(int Finished, int Total, int GeneratedThisRun, long GeneratedTokensThisRun, double ExecutedFlopsThisRun = 0)
{
    /// <summary>The progress once <paramref name="item"/> has been stored by this invocation.</summary>
    public CellProgress After(Store.ItemResult item) => this with
    {
        Finished = Finished + 1,
        GeneratedThisRun = GeneratedThisRun + 1,
        GeneratedTokensThisRun = GeneratedTokensThisRun + item.GeneratedTokens,
        ExecutedFlopsThisRun = ExecutedFlopsThisRun + item.FlopsExecuted,
    };
}

/// <summary>
/// Runs the unfinished items of one cell through stack → engine → scorer and appends each finished
/// item to the store as soon as the engine returns it (the engine streams a prompt's result when its last sample
/// ends, not when its batch ends). Zero-shot CoT items are stored when their answer step finishes; a stop during
/// the reasoning still runs the answer steps of the items whose reasoning is done. So a stop (SIGINT/SIGTERM)
/// loses only the prompts still decoding, and kill -9 loses those plus, for zero-shot CoT, the chunk's items whose
/// reasoning is done but whose answer step has not finished. Nothing half-done is ever written.
/// </summary>
public sealed class CellRunner(IGenerationEngine engine)
{
    public CellProgress Run(CellSpec cell, ResultsStore store, Action<CellProgress>? onProgress, CancellationToken ct)
    {
        var finished = store.FinishedKeys(cell.Id);
        var pending = new List<PendingItem>();
        for (var i = 0; i < cell.Items.Count; i++)
        {
            var item = cell.Items[i];
            var key = cell.ItemKey(item);
            if (finished.Contains(key)) continue;
            var plan = cell.Stack.Plan(item);
            var sampling = plan.Sampling is { } o ? cell.Sampling with { Temperature = o.Temperature, TopP = o.TopP } : cell.Sampling;
            // Zero-shot CoT: reasoning that reaches the answer trigger by itself stops there, so the answer step (which
            // appends the trigger) is the one place the answer is stated, not a second guess after the model's own.
            if (plan.HasAnswerStep && !sampling.Stop.Contains(plan.AnswerTrigger!)) sampling = sampling with { Stop = [.. sampling.Stop, plan.AnswerTrigger!] };
            pending.Add(new PendingItem(item, i, key, plan, new GenerationRequest(key, PromptFormat.Render(plan), sampling, plan.Samples, cell.ItemSeed(item))));
        }

        var done = cell.Items.Count - pending.Count;
        var progress = new CellProgress(done, cell.Items.Count, 0, 0);
        onProgress?.Invoke(progress);
        var byKey = pending.ToDictionary(p => p.Key);
        void Persist(PendingItem entry, GenerationResult result)
        {
            var item = Score(cell, entry.Item, entry.Index, entry.Key, entry.Plan, entry.Request, result);
            store.Append(cell.Id, item);
            progress = progress.After(item);
            onProgress?.Invoke(progress);
        }

        foreach (var batch in pending.Chunk(Math.Max(1, cell.BatchSize)))
        {
            ct.ThrowIfCancellationRequested();
            var reasoned = new List<(PendingItem Entry, GenerationResult First)>();
            try
            {
                foreach (var first in engine.Generate(batch.Select(p => p.Request).ToList(), ct))
                {
                    var entry = byKey[first.ItemId];
                    if (entry.Plan.HasAnswerStep) reasoned.Add((entry, first));
                    else Persist(entry, first);
                }
            }
            catch (OperationCanceledException) when (reasoned.Count > 0)
            {
                // A stop while other prompts were still reasoning: the items whose reasoning is done get their short answer
                // step (at most AnswerStepTokens greedy tokens per sample) and are stored, so the stop loses only the prompts
                // that were still decoding. A second signal kills the process as usual.
                foreach (var (entry, result) in AnswerSteps(reasoned, CancellationToken.None)) Persist(entry, result);
                throw;
            }
            // Zero-shot CoT: the answer steps of the whole chunk run as one batch, each item stored when its answers are in.
            foreach (var (entry, result) in AnswerSteps(reasoned, ct)) Persist(entry, result);
        }
        return progress;
    }

    private sealed record PendingItem(BenchmarkItem Item, int Index, string Key, ItemPlan Plan, GenerationRequest Request);

    /// <summary>Tokens allowed for the answer-extraction step of zero-shot CoT (the answer itself, not more reasoning).</summary>
    public const int AnswerStepTokens = 24;

    /// <summary>
    /// Zero-shot CoT's second step: each sample's reasoning is followed by the answer trigger and a short
    /// greedy continuation, which is appended to the sample's text; its FLOPs are added to the sample's.
    /// </summary>
    private IEnumerable<(PendingItem Entry, GenerationResult Result)> AnswerSteps(IReadOnlyList<(PendingItem Entry, GenerationResult First)> reasoned, CancellationToken ct)
    {
        if (reasoned.Count == 0) yield break;
        var followUps = reasoned.SelectMany(r => r.First.Samples.Select(s => new GenerationRequest($"{r.Entry.Request.ItemId}#answer{s.SampleIndex}",
            r.Entry.Request.Prompt + s.Text + r.Entry.Plan.AnswerTrigger,
            r.Entry.Request.Sampling with { MaxNewTokens = AnswerStepTokens, Temperature = 0, Stop = [.. r.Entry.Request.Sampling.Stop, "\n"] },
            1, r.Entry.Request.Seed))).ToList();
        var answers = new Dictionary<string, GenerationResult>(StringComparer.Ordinal);
        var waiting = reasoned.ToDictionary(r => r.Entry.Request.ItemId, r => r.First.Samples.Count, StringComparer.Ordinal);
        var byItem = reasoned.ToDictionary(r => r.Entry.Request.ItemId, StringComparer.Ordinal);
        foreach (var answer in engine.Generate(followUps, ct))
        {
            answers[answer.ItemId] = answer;
            var itemId = answer.ItemId[..answer.ItemId.LastIndexOf("#answer", StringComparison.Ordinal)];
            if (--waiting[itemId] > 0) continue;
            var (entry, first) = byItem[itemId];
            var samples = first.Samples.Select(s =>
            {
                var step = answers[$"{itemId}#answer{s.SampleIndex}"];
                return s with
                {
                    Text = s.Text + entry.Plan.AnswerTrigger + step.Samples[0].Text,
                    GeneratedTokens = s.GeneratedTokens + step.Samples[0].GeneratedTokens,
                    Flops = s.Flops + step.Flops,
                };
            }).ToList();
            var total = first.Samples.Aggregate(first.Flops, (f, s) => f + answers[$"{itemId}#answer{s.SampleIndex}"].Flops);
            yield return (entry, first with { Samples = samples, Flops = total });
        }
    }

    private static ItemResult Score(CellSpec cell, BenchmarkItem item, int index, string key, ItemPlan plan, GenerationRequest request, GenerationResult result)
    {
        var scorer = cell.Scorer;
        var samples = result.Samples.OrderBy(s => s.SampleIndex).ToList();
        var strict = samples.Select(s => scorer.Strict.Extract(s.Text)).ToList();
        var flexible = samples.Select(s => scorer.Flexible.Extract(s.Text)).ToList();
        IReadOnlyList<double>? scores = null;
        var scoringFlops = Flops.Zero;
        if (cell.Stack.SampleScorer is { } verifier)
            (scores, scoringFlops) = verifier.ScoreSamples(request.Prompt, samples.Select(s => s.Text).ToList(), CancellationToken.None);
        var strictChoice = cell.Stack.Select(strict, request.Seed, scores);
        var flexibleChoice = cell.Stack.Select(flexible, request.Seed, scores);
        var gold = scorer.NormalizeGold(item.Gold);
        return new ItemResult(
            key, item.Id, index, request.Prompt, gold,
            samples.Select((s, i) => new SampleOutcome(s.SampleIndex, s.Text, s.GeneratedTokens, s.FinishReason,
                strict[i].Value, flexible[i].Value, s.Flops.Executed, s.Flops.Canonical, scores?[i])).ToList(),
            strictChoice, flexibleChoice,
            IsCorrect(scorer, strictChoice, strict, gold),
            IsCorrect(scorer, flexibleChoice, flexible, gold),
            result.PromptTokens,
            samples.Sum(s => s.GeneratedTokens),
            result.Flops.Executed + plan.ExtraFlops.Executed + scoringFlops.Executed,
            result.Flops.Canonical + plan.ExtraFlops.Canonical + scoringFlops.Canonical,
            request.Seed);
    }

    private static bool IsCorrect(ITaskScorer scorer, AnswerChoice choice, IReadOnlyList<ExtractedAnswer> answers, string gold) =>
        choice.Value is { } value && scorer.IsCorrect(new ExtractedAnswer(value, answers.FirstOrDefault()?.Extractor ?? choice.Rule), gold);
}
