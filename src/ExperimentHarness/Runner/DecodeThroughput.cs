using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ExperimentHarness.Engine;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models;
using MathNet.Numerics.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentHarness.Runner;

/// <summary>One decode throughput case: <see cref="Batch"/> prompts of exactly <see cref="PromptTokens"/> ids, each greedy for up to <see cref="NewTokens"/>.</summary>
public sealed record DecodeCase(int Batch, int PromptTokens, int NewTokens)
{
    public override string ToString() => $"batch {Batch}, prompt {PromptTokens}, {NewTokens} new";
}

/// <summary>Tokens/s of one run: over the whole generation (prefill included) and over the decode steps alone.</summary>
public sealed record DecodeRate(double Total, double Decode);

/// <summary>What one case measured: the harness's runs, the reference's (when one ran) and the weight matmuls alone.</summary>
public sealed record DecodeCaseResult(DecodeCase Case, IReadOnlyList<DecodeRate> Harness, IReadOnlyList<DecodeRate> Reference,
    string? ReferenceError, double DecodeGflops, double MatmulGflops);

/// <summary>
/// Decode throughput at fixed shapes, side by side in one run: the harness's engine on prompts of random ids (EOS
/// excluded; rows end early only if they draw it), a reference decoder given as a command (e.g. a PyTorch script,
/// see <c>scripts/bench-torch-reference.py</c>) run on the same checkpoint, batch and lengths, interleaved with it
/// <c>repeats</c> times, and the weight matmuls of one decode step alone at the same batch — what a step could reach if
/// nothing but its matmuls ran. Two rates: generated tokens over the whole generation's wall time, and the decode
/// steps alone (the harness's after its first step, which prefills; the reference splits its own run).
/// </summary>
public sealed class DecodeThroughput(LoadedCheckpoint checkpoint, string checkpointDir, string dtype, int threads, IConsoleOutput console)
{
    public IReadOnlyList<DecodeCaseResult> Measure(IReadOnlyList<DecodeCase> cases, int repeats, string? reference, CancellationToken ct)
    {
        var results = new List<DecodeCaseResult>();
        foreach (var c in cases)
        {
            Run(c with { NewTokens = 3 }, ct);   // warm-up at the case's own shapes (kernels built on a shape's first use)
            var (ours, theirs) = (new List<DecodeRate>(), new List<DecodeRate>());
            string? referenceError = null;
            var gflops = 0.0;
            for (var r = 0; r < repeats; r++)
            {
                var run = Run(c, ct);
                ours.Add(new DecodeRate(run.Tokens / run.Seconds, run.DecodeTokens / run.DecodeSeconds));
                gflops = Math.Max(gflops, run.DecodeFlops / run.DecodeSeconds / 1e9);
                if (reference is null || referenceError is not null) continue;
                var (rate, error) = Reference(reference, c);
                if (rate is not null) theirs.Add(rate);
                referenceError = error;
            }
            var result = new DecodeCaseResult(c, ours, theirs, referenceError, gflops, MatmulGflops(c.Batch, ct));
            console.WriteLine(Describe(result));
            results.Add(result);
        }
        foreach (var line in ContextScaling(results, new FlopLedger(checkpoint.Model.Shape), StepBytes(checkpoint.Model))) console.WriteLine(line);
        return results;
    }

    /// <summary>
    /// Bytes one decode step reads: every weight once (shared by the rows), and each row's keys and values, as a
    /// function of (rows, keys per row).
    /// </summary>
    public static Func<int, long, double> StepBytes(ICausalLanguageModel model)
    {
        var weights = ((nn.Module)model).parameters().Sum(p => (double)p.numel() * p.ElementSize);
        using var kv = empty(1, KvCache.StorageFor(model.DType, model.Device));
        var perKey = 2.0 * model.Shape.Layers * model.Shape.KvHeads * model.Shape.HeadDim * kv.ElementSize;
        return (rows, keys) => weights + rows * keys * perKey;
    }

    /// <summary>
    /// For each batch measured at two prompt lengths: the longer context's decode rate as a fraction of the shorter's,
    /// beside what the ledger's FLOPs per token predict (attention grows with the keys, the matmuls do not) and what the
    /// bytes each step reads predict (weights are shared by the rows, keys and values are not: at small batches decoding
    /// is bound by memory traffic, not arithmetic).
    /// </summary>
    public static IEnumerable<string> ContextScaling(IReadOnlyList<DecodeCaseResult> results, FlopLedger ledger, Func<int, long, double> stepBytes)
    {
        IEnumerable<long> Keys(DecodeCase c) => DecodeStepKeys(c.PromptTokens, Math.Max(3, c.NewTokens));
        double FlopsPerToken(DecodeCase c) => Keys(c).Average(keys => ledger.Forward(keys, logits: true));
        double BytesPerStep(DecodeCase c) => Keys(c).Average(keys => stepBytes(c.Batch, keys));
        foreach (var group in results.GroupBy(r => (r.Case.Batch, r.Case.NewTokens)).Where(g => g.Count() > 1))
        {
            var shortest = group.MinBy(r => r.Case.PromptTokens)!;
            foreach (var longer in group.Where(r => r.Case.PromptTokens > shortest.Case.PromptTokens))
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"context scaling, batch {group.Key.Batch}: prompt {longer.Case.PromptTokens} decodes at {longer.Harness.Select(x => x.Decode).Median() / shortest.Harness.Select(x => x.Decode).Median():F2}x the rate of prompt {shortest.Case.PromptTokens}; the FLOP model predicts {FlopsPerToken(shortest.Case) / FlopsPerToken(longer.Case):F2}x, the bytes read {BytesPerStep(shortest.Case) / BytesPerStep(longer.Case):F2}x");
        }
    }

    public static string Describe(DecodeCaseResult r)
    {
        string Rates(IReadOnlyList<DecodeRate> xs) => string.Create(CultureInfo.InvariantCulture,
            $"decode {xs.Select(x => x.Decode).Median(),7:F1} tokens/s (best {xs.Max(x => x.Decode),7:F1}), with prefill {xs.Select(x => x.Total).Median(),7:F1}");
        var line = $"{r.Case}: harness {Rates(r.Harness)}";
        if (r.Reference.Count > 0)
            line += string.Create(CultureInfo.InvariantCulture,
                $" | reference {Rates(r.Reference)} | harness/reference: decode {r.Harness.Select(x => x.Decode).Median() / r.Reference.Select(x => x.Decode).Median():F2}x median, {r.Harness.Max(x => x.Decode) / r.Reference.Max(x => x.Decode):F2}x best; with prefill {r.Harness.Select(x => x.Total).Median() / r.Reference.Select(x => x.Total).Median():F2}x");
        if (r.ReferenceError is { } error) line += $" | reference failed: {error}";
        return line + string.Create(CultureInfo.InvariantCulture,
            $" | decode {r.DecodeGflops:F1} GFLOP/s = {r.DecodeGflops / r.MatmulGflops:P0} of its weight matmuls alone ({r.MatmulGflops:F1} GFLOP/s); {r.Harness.Count} runs");
    }

    /// <summary>
    /// Keys attended by each decode step after the first engine step (which prefills and yields a row's first two tokens):
    /// the step that yields token i (from 0) reads the prompt and i earlier tokens.
    /// </summary>
    private static IEnumerable<long> DecodeStepKeys(int promptTokens, int generatedTokens) =>
        Enumerable.Range(2, Math.Max(0, generatedTokens - 2)).Select(i => (long)promptTokens + i);

    private sealed record Timed(double Seconds, long Tokens, double DecodeSeconds, long DecodeTokens, double DecodeFlops);

    /// <summary>
    /// One generation of the case. Its first step prefills every row (they all fit: one slot per prompt) and decodes one
    /// token; the decode figures count the steps after it: each row's tokens beyond its first two, and the ledger's
    /// FLOPs of those steps.
    /// </summary>
    private Timed Run(DecodeCase c, CancellationToken ct)
    {
        var clock = new Stopwatch();
        var firstStep = TimeSpan.Zero;
        var engine = new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer, c.Batch)
        {
            AfterStep = () => { if (firstStep == TimeSpan.Zero) firstStep = clock.Elapsed; },
        };
        var sampling = new SamplingOptions(c.NewTokens, 0, 1, []);
        var prompts = RandomPrompts(c, checkpoint.Tokenizer.EosIds, Math.Min(checkpoint.Tokenizer.VocabularySize, checkpoint.Model.Shape.Vocab))
            .Select((ids, i) => (new GenerationRequest($"d{i}", "", sampling, 1, (ulong)i), (IReadOnlyList<int>)ids)).ToList();
        clock.Start();
        var results = engine.GenerateFromTokens(prompts, ct).ToList();
        var seconds = clock.Elapsed.TotalSeconds;
        var tokens = results.Sum(r => r.Samples.Sum(s => (long)s.GeneratedTokens));
        var decodeTokens = results.Sum(r => r.Samples.Sum(s => (long)Math.Max(0, s.GeneratedTokens - 2)));
        var ledger = engine.Ledger;
        var decodeFlops = results.Sum(r => r.Samples.Sum(s => DecodeStepKeys(c.PromptTokens, s.GeneratedTokens).Sum(keys => ledger.Forward(keys, logits: true))));
        return new Timed(seconds, tokens, seconds - firstStep.TotalSeconds, decodeTokens, decodeFlops);
    }

    /// <summary>Prompt ids drawn from the tokenizer's ids (a seeded stream, EOS replaced by its neighbour), so every engine reads the same prompts.</summary>
    public static IReadOnlyList<int[]> RandomPrompts(DecodeCase c, IReadOnlyList<int> eos, int vocab)
    {
        var random = new Random(20261202);
        return Enumerable.Range(0, c.Batch).Select(_ => Enumerable.Range(0, c.PromptTokens).Select(_ =>
        {
            var id = random.Next(vocab);
            return eos.Contains(id) ? (id + 1) % vocab : id;
        }).ToArray()).ToList();
    }

    private (DecodeRate? Rate, string? Error) Reference(string command, DecodeCase c)
    {
        var json = Path.Combine(Path.GetTempPath(), $"eh-reference-{Environment.ProcessId}.json");
        var parts = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = new ProcessStartInfo(parts[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in parts.Skip(1).Concat(["--model", checkpointDir, "--batch", $"{c.Batch}", "--prompt-tokens", $"{c.PromptTokens}",
                     "--tokens", $"{c.NewTokens}", "--threads", $"{threads}", "--dtype", dtype, "--json", json]))
            start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                return (null, $"exit {process.ExitCode}: {stderr.Result.Trim().Split('\n').LastOrDefault()}");
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            return (new DecodeRate(doc.RootElement.GetProperty("tokens_per_second").GetDouble(), doc.RootElement.GetProperty("decode_tokens_per_second").GetDouble()), null);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (null, e.Message);
        }
        finally
        {
            File.Delete(json);
        }
    }

    /// <summary>
    /// GFLOP/s of every weight matmul of one decode step (the model's own 2-D weights, LM head included) at
    /// <paramref name="batch"/> rows, best of three passes: the ceiling a decode step would reach if nothing else ran.
    /// </summary>
    private double MatmulGflops(int batch, CancellationToken ct)
    {
        using var noGrad = no_grad();
        // The embedding is a lookup, except when it is tied: then it is also the LM head's matmul.
        var weights = ((nn.Module)checkpoint.Model).named_parameters()
            .Where(p => p.parameter.dim() == 2 && (checkpoint.Model.Shape.TiedEmbeddings || !p.name.EndsWith("embed_tokens.weight", StringComparison.Ordinal)))
            .Select(p => (Tensor)p.parameter).ToList();
        var flops = 2.0 * batch * weights.Sum(w => (double)w.numel());
        var best = double.MaxValue;
        for (var pass = 0; pass < 3; pass++)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var inputs = weights.Select(w => randn([batch, w.shape[1]], checkpoint.Model.DType, checkpoint.Model.Device)).ToList();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < weights.Count; i++)
                using (nn.functional.linear(inputs[i], weights[i])) { }
            if (checkpoint.Model.Device.type == DeviceType.CUDA) cuda.synchronize();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return flops / best / 1e9;
    }
}
