using ExperimentHarness.Foundation;
using ExperimentHarness.Models.Tokenization;
using ExperimentHarness.Models;

namespace ExperimentHarness.Engine;

/// <summary>
/// Generation on a TorchSharp model with continuous batching (<see cref="DecodeSession"/>): up to
/// <c>maxRows</c> sample rows decode together, each prompt is prefilled once and its KV cache copied to its
/// samples' rows, rows that finish are refilled with waiting prompts, and each result is returned as soon as
/// all samples of its prompt have ended. A step that runs out of device memory is retried with half the
/// rows (the unfinished prompts start again; per-sample seeds make their samples the same), and the lower
/// limit holds for the rest of the engine's life.
/// </summary>
/// <param name="refill">False admits new prompts only when every row is idle: static batches (only for measuring what refilling gains).</param>
public sealed class TorchGenerationEngine(ICausalLanguageModel model, ITextTokenizer tokenizer, int maxRows = 32, bool refill = true) : IGenerationEngine
{
    private readonly FlopLedger _ledger = new(model.Shape);
    private int _rowLimit = maxRows;

    public FlopLedger Ledger => _ledger;

    /// <summary>The most sample rows a batch may hold now: <c>maxRows</c>, halved after each out-of-memory failure.</summary>
    public int RowLimit => _rowLimit;

    /// <summary>Raised with the new row limit when a step ran out of memory and the unfinished prompts are retried with fewer rows.</summary>
    public event Action<int>? RowLimitLowered;

    public IEnumerable<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken ct)
    {
        IReadOnlyList<(GenerationRequest Request, IReadOnlyList<int> Tokens)> pending =
            requests.Select(r => (r, (IReadOnlyList<int>)tokenizer.Encode(r.Prompt))).ToList();
        while (pending.Count > 0)
        {
            var session = new DecodeSession(model, tokenizer, _ledger, pending, _rowLimit, refill);
            pending = [];
            try
            {
                while (!session.Done)
                {
                    IReadOnlyList<GenerationResult> finished;
                    try
                    {
                        finished = session.Step(ct);
                    }
                    catch (Exception e) when (IsOutOfMemory(e))
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
        if (session.Rows <= largest.Request.Samples)
            throw new InsufficientMemoryException(
                $"out of memory generating {largest.Request.Samples} sample(s) of one {largest.Tokens.Count}-token prompt with up to {largest.Request.Sampling.MaxNewTokens} new tokens " +
                $"(lower the samples per item, max_new_tokens, batch_rows or the model size): {e.Message}", e);
        _rowLimit = Math.Max(largest.Request.Samples, Math.Min(_rowLimit, session.Rows) / 2);
        RowLimitLowered?.Invoke(_rowLimit);
        return unfinished;
    }

    private static bool IsOutOfMemory(Exception e) =>
        e is OutOfMemoryException
        || e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("can't allocate memory", StringComparison.OrdinalIgnoreCase);
}
