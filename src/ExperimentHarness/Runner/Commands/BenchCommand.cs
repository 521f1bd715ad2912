using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models;
using TorchSharp;

namespace ExperimentHarness.Runner.Commands;

/// <summary>
/// <c>bench [--preset small] [--prompts 16] [--tokens 64] [--device cpu|cuda]</c>: measures the engine side
/// by side in one run on a self-made checkpoint — generated tokens/s at batch 1 and batch 8, and n = 8
/// samples of one prompt with the shared prefill against 8 separate requests, ragged lengths decoded in
/// static batches against continuous batching (finished rows refilled), and text embedding one at a time against batched — and prints the ratios.
/// </summary>
public sealed class BenchCommand(IConsoleOutput console) : ICliCommand
{
    public Command Build()
    {
        var preset = new Option<string>("--preset") { Description = "Self-made model size: " + string.Join(", ", ModelPreset.All.Select(p => p.Name)) + ".", DefaultValueFactory = _ => "small" };
        var prompts = WholeNumberOption.Create("--prompts", "Prompts per measurement.", 16, min: 1);
        var tokens = WholeNumberOption.Create("--tokens", "New tokens per completion.", 64, min: 1);
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var prefill = WholeNumberOption.Create("--prefill-tokens", "Prompt length of the 8-row prefill memory probe (0: skip).", 1024, min: 0);
        var dtype = new Option<string>("--dtype") { Description = "float32 or bfloat16 (default: the device's, float32 on cpu)." };
        dtype.AcceptOnlyFromAmong("float32", "bfloat16");
        var threads = WholeNumberOption.Create("--threads", "CPU threads for torch (0: its default).", 0, min: 0);
        var decode = new Option<string>("--decode-batches") { Description = "Only measure decode throughput at these batch sizes, e.g. 1,8,32 (random-id prompts of --decode-prompt tokens, --tokens new)." };
        var decodePrompt = WholeNumberOption.Create("--decode-prompt", "Prompt tokens of the decode cases.", 64, min: 1);
        var longContext = WholeNumberOption.Create("--long-context", "With --decode-batches: also batch 8 at this prompt length (0: skip).", 1024, min: 0);
        var repeats = WholeNumberOption.Create("--repeats", "With --decode-batches: runs of each case, interleaved with the reference.", 3, min: 1);
        var reference = new Option<string>("--reference") { Description = "With --decode-batches: a command run on the same checkpoint and case, e.g. \"python3 scripts/bench-torch-reference.py\"." };
        var command = new Command("bench", "Measure generation throughput and prefix sharing on a self-made checkpoint.");
        foreach (var o in new Option[] { preset, prompts, tokens, device, prefill, dtype, threads, decode, decodePrompt, longContext, repeats, reference }) command.Options.Add(o);
        command.SetAction((parse, ct) =>
        {
            // Bad sizes are reported before anything is written or loaded.
            var cases = parse.GetValue(decode) is { } batches
                ? DecodeCases(batches, parse.GetValue(decodePrompt), parse.GetValue(tokens), parse.GetValue(longContext))
                : null;
            if (parse.GetValue(threads) is > 0 and var threadCount) torch.set_num_threads(threadCount);
            var dir = Path.Combine(TorchModelLoader.CacheRoot, "models", $"llama-{parse.GetValue(preset)}-seed0");
            if (!File.Exists(Path.Combine(dir, "model.safetensors"))) CheckpointInitializer.Create("llama", parse.GetValue(preset)!, 0, dir);
            var precision = parse.GetValue(dtype) ?? ConfigDefaults.DTypeFor(parse.GetValue(device)!);
            using var checkpoint = LoadedCheckpoint.Load(dir, parse.GetValue(device)!, precision);
            if (cases is not null)
            {
                console.WriteLine($"model: llama {parse.GetValue(preset)} (random), {checkpoint.Model.Shape.Layers} layers, d={checkpoint.Model.Shape.Hidden}, vocab {checkpoint.Model.Shape.Vocab}; {precision}; {torch.get_num_threads()} thread(s); device {parse.GetValue(device)}");
                new DecodeThroughput(checkpoint, dir, precision, torch.get_num_threads(), console).Measure(cases, parse.GetValue(repeats), parse.GetValue(reference), ct);
                return Task.FromResult(ExitCodes.Success);
            }
            var (n, maxNew) = (parse.GetValue(prompts), parse.GetValue(tokens));
            var items = ArithSource.Enumerate(0, 2, "bench").Take(n).Select(i => PromptFormat.Render(ItemPlan.For(i))).ToList();
            // Completions may end early at EOS: rates use the real token counts.
            var sampling = new SamplingOptions(maxNew, 0, 1, []);
            console.WriteLine($"model: llama {parse.GetValue(preset)} (random), {checkpoint.Model.Shape.Layers} layers, d={checkpoint.Model.Shape.Hidden}; {n} prompts x {maxNew} new tokens; device {parse.GetValue(device)}");
            Run(new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer, 8), items.Take(2).Select(p => new GenerationRequest("w", p, sampling, 1, 0)).ToList(), ct);   // warm-up

            var one = Run(new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer, 1), Requests(items, sampling, 1), ct);
            var eight = Run(new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer, 8), Requests(items, sampling, 1), ct);
            Report("batch 1", one);
            Report("batch 8", eight);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput ratio batch 8 / batch 1: {eight.TokensPerSecond / one.TokensPerSecond:F2}x"));

            var sampled = sampling with { Temperature = 1.0 };
            var shared = Run(new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer, 8), [new GenerationRequest("s", items[0], sampled, 8, 1)], ct);
            var separate = Run(new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer, 8),
                Enumerable.Range(0, 8).Select(i => new GenerationRequest($"s{i}", items[0], sampled, 1, (ulong)i)).ToList(), ct);
            Report("n=8 shared prefill", shared);
            Report("8 separate prompts", separate);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"shared prefill: executed FLOPs x{shared.ExecutedFlops / separate.ExecutedFlops:F3}, wall time x{shared.Seconds / separate.Seconds:F2} of separate requests"));

            // Ragged lengths (request i may generate up to maxNew·(i+1)/n tokens), as when answers end at a stop string.
            var ragged = items.Select((p, i) => new GenerationRequest($"r{i}", p, sampling with { MaxNewTokens = Math.Max(1, maxNew * (i + 1) / n) }, 1, (ulong)i)).ToList();
            var waves = Run(new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer, 8, refill: false), ragged, ct);
            var continuous = Run(new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer, 8), ragged, ct);
            Report("ragged, static", waves);
            Report("ragged, continuous", continuous);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"continuous batching: executed FLOPs x{continuous.ExecutedFlops / waves.ExecutedFlops:F3}, throughput x{continuous.TokensPerSecond / waves.TokensPerSecond:F2} of static batches"));

            // Retrieval's index and the verifier's features: the same texts embedded one at a time and in batches.
            var texts = ArithSource.Enumerate(1, 2, "bench-embed").Take(8 * n).Select(i => i.Question).ToList();
            var alone = Embed(new TorchTextEmbedder(checkpoint.Model, checkpoint.Tokenizer, "bench", new MemoryBudget(1)), texts, ct);
            var together = Embed(new TorchTextEmbedder(checkpoint.Model, checkpoint.Tokenizer, "bench"), texts, ct);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"embedding {texts.Count} texts: one at a time {alone:F2} s, batched {together:F2} s ({alone / together:F2}x faster)"));
            var prefillRows = 8;
            var prefillTokens = parse.GetValue(prefill);
            if (prefillTokens > 0)
            {
                var memory = PrefillMemoryProbe.Measure(checkpoint.Model, prefillRows, prefillTokens);
                console.WriteLine(memory is null ? "prefill memory: not measured (needs Linux /proc)" : PrefillMemoryProbe.Describe(memory, prefillRows, prefillTokens));
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static IReadOnlyList<DecodeCase> DecodeCases(string batches, int promptTokens, int newTokens, int longContext)
    {
        var sizes = batches.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(b => int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v
                : throw new InputException($"--decode-batches: '{b}' is not a whole number of at least 1"))
            .ToList();
        if (sizes.Count == 0) throw new InputException("--decode-batches: give at least one batch size, e.g. 1,8,32");
        var cases = sizes.Select(b => new DecodeCase(b, promptTokens, newTokens)).ToList();
        if (longContext > 0) cases.Add(new DecodeCase(8, longContext, newTokens));
        return cases;
    }

    private sealed record Measurement(double Seconds, long Tokens, double ExecutedFlops)
    {
        public double TokensPerSecond => Tokens / Seconds;
    }

    private static double Embed(ITextEmbedder embedder, IReadOnlyList<string> texts, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        embedder.Embed(texts, ct);
        return clock.Elapsed.TotalSeconds;
    }

    private static List<GenerationRequest> Requests(IReadOnlyList<string> prompts, SamplingOptions sampling, int samples) =>
        prompts.Select((p, i) => new GenerationRequest($"b{i}", p, sampling, samples, (ulong)i)).ToList();

    private static Measurement Run(IGenerationEngine engine, IReadOnlyList<GenerationRequest> requests, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var results = engine.Generate(requests, ct).ToList();
        return new Measurement(clock.Elapsed.TotalSeconds, results.Sum(r => r.Samples.Sum(s => (long)s.GeneratedTokens)), results.Sum(r => r.Flops.Executed));
    }

    private void Report(string label, Measurement m) =>
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-20} {m.Tokens,6} tokens in {m.Seconds,7:F2} s = {m.TokensPerSecond,8:F1} tokens/s, executed {m.ExecutedFlops:E3} FLOPs ({m.ExecutedFlops / m.Seconds / 1e9:F2} GFLOP/s)"));
}
