using ExperimentHarness.Config;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models.Tokenization;
using ExperimentHarness.Models;

namespace ExperimentHarness.Engine;

/// <summary>
/// Generation on a TorchSharp model with continuous batching (<see cref="DecodeSession"/>): up to
/// <see cref="MemoryBudget.Rows"/> sample rows decode together, each prompt is prefilled once and its KV cache
/// copied to its samples' rows, rows that finish are refilled with waiting prompts, and each result is returned
/// as soon as all samples of its prompt have ended. A step that runs out of device memory halves the budget
/// (<see cref="MemoryBudget.HalveAfter"/>) and the unfinished prompts start again (per-sample seeds make their
/// samples the same).
/// </summary>
/// <param name="refill">False admits new prompts only when every row is idle: static batches (only for measuring what refilling gains).</param>
public sealed class TorchGenerationEngine(ICausalLanguageModel model, ITextTokenizer tokenizer, MemoryBudget budget, bool refill = true) : IGenerationEngine
{
    private readonly FlopLedger _ledger = new(model.Shape);

    /// <summary>An engine with a budget of its own.</summary>
    public TorchGenerationEngine(ICausalLanguageModel model, ITextTokenizer tokenizer, int maxRows = ConfigDefaults.BatchRows, bool refill = true)
        : this(model, tokenizer, new MemoryBudget(maxRows), refill)
    {
    }

    public FlopLedger Ledger => _ledger;

    /// <summary>Called after every decode step (the first one also prefilled what it admitted): throughput runs time the phases with it.</summary>
    public Action? AfterStep { get; init; }

    public MemoryBudget Budget => budget;

    public IEnumerable<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken ct) =>
        GenerateFromTokens(requests.Select(r => (r, (IReadOnlyList<int>)tokenizer.Encode(r.Prompt))).ToList(), ct);

    /// <summary>Generation from prompts given as token ids (each request's prompt text is not read): fixed-length prompts for throughput runs.</summary>
    public IEnumerable<GenerationResult> GenerateFromTokens(IReadOnlyList<(GenerationRequest Request, IReadOnlyList<int> Tokens)> prompts, CancellationToken ct)
    {
        var pending = prompts;
        while (pending.Count > 0)
        {
            var session = new DecodeSession(model, tokenizer, _ledger, pending, budget.Rows, refill);
            pending = [];
            try
            {
                while (!session.Done)
                {
                    IReadOnlyList<GenerationResult> finished;
                    try
                    {
                        finished = session.Step(ct);
                        AfterStep?.Invoke();
                    }
                    catch (Exception e) when (OutOfMemory.Is(e))
                    {
                        pending = BackOff(session, e);
                        break;
                    }
                    foreach (var result in finished) yield return result;
                }
            }
            finally
            {
                session.Dispose();
            }
        }
    }

    private IReadOnlyList<(GenerationRequest Request, IReadOnlyList<int> Tokens)> BackOff(DecodeSession session, Exception e)
    {
        var unfinished = session.Unfinished;
        var largest = unfinished.MaxBy(p => p.Request.Samples);
        budget.HalveAfter(e, session.Rows, largest.Request.Samples, () =>
            $"generating {largest.Request.Samples} sample(s) of one {largest.Tokens.Count}-token prompt with up to {largest.Request.Sampling.MaxNewTokens} new tokens " +
            "(lower the samples per item, max_new_tokens, batch_rows or the model size)");
        return unfinished;
    }
}
