using System.Text.Json;
using ExperimentHarness.Engine;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentHarness.Runner;

/// <summary>One fixture prompt: whether the harness tokenised it as Hugging Face did, the worst final-position logit
/// difference, and (float32 only) whether the greedy continuation matched up to the first EOS.</summary>
public sealed record ParityCaseResult(int PromptTokens, bool IdsMatch, double MaxAbsLogitDiff, bool? GreedyMatches);

/// <summary>A parity fixture checked on one device and dtype against the tolerance of that dtype.</summary>
public sealed record ParityResult(string Fixture, string Device, string DType, double Tolerance, IReadOnlyList<ParityCaseResult> Cases)
{
    public double WorstLogitDiff => Cases.Count == 0 ? double.NaN : Cases.Max(c => c.MaxAbsLogitDiff);

    public bool Passed => Cases.Count > 0 && Cases.All(c => c.IdsMatch && c.MaxAbsLogitDiff < Tolerance && c.GreedyMatches != false);
}

/// <summary>
/// Runs a transformers parity fixture (scripts/make-parity-fixtures.py: a tiny checkpoint beside fixture.json with
/// prompts, their ids, final-position logits and greedy continuations) through the harness on a chosen device and dtype.
/// The parity tests and the <c>parity</c> verb (the GPU device kit) share it, so CUDA is held to the CPU tests' bounds.
/// </summary>
public static class FixtureParity
{
    /// <summary>float32 against transformers' float32: only summation order differs.</summary>
    public const double Float32Tolerance = 1e-4;

    /// <summary>bfloat16 keeps 8 significant bits, so two layers of order-1 activations drift by a few hundredths.</summary>
    public const double BFloat16Tolerance = 0.1;

    public static double ToleranceFor(string dtype) => dtype switch
    {
        "float32" => Float32Tolerance,
        "bfloat16" => BFloat16Tolerance,
        _ => throw new InputException($"parity: dtype '{dtype}' has no tolerance (float32 or bfloat16)"),
    };

    /// <summary>Fixture directories under <paramref name="root"/>: the folder itself when it holds fixture.json, else its subfolders that do.</summary>
    public static IReadOnlyList<string> Find(string root)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"parity fixtures folder not found: {root}");
        if (File.Exists(Path.Combine(root, "fixture.json"))) return [root];
        var found = Directory.EnumerateDirectories(root).Where(d => File.Exists(Path.Combine(d, "fixture.json")))
            .OrderBy(d => d, StringComparer.Ordinal).ToList();
        if (found.Count == 0) throw new InputException($"{root}: no fixture.json in it or in its subfolders");
        return found;
    }

    public static ParityResult Check(string fixtureDir, string device, string dtype, CancellationToken ct)
    {
        var tolerance = ToleranceFor(dtype);
        var fixtureFile = Path.Combine(fixtureDir, "fixture.json");
        using var fixture = JsonDocument.Parse(File.ReadAllText(fixtureFile));
        if (!fixture.RootElement.TryGetProperty("cases", out var cases) || cases.ValueKind != JsonValueKind.Array)
            throw new InputException($"{fixtureFile}: no 'cases' array");
        using var checkpoint = LoadedCheckpoint.Load(fixtureDir, device, dtype);
        var engine = new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer, 8);
        var results = new List<ParityCaseResult>();
        foreach (var c in cases.EnumerateArray())
        {
            ct.ThrowIfCancellationRequested();
            var prompt = c.GetProperty("prompt").GetString() ?? throw new InputException($"{fixtureFile}: a case has a null prompt");
            var ids = c.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
            var expected = c.GetProperty("last_logits").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            var actual = LastLogits(checkpoint.Model, ids);
            if (actual.Length != expected.Length)
                throw new InputException($"{fixtureFile}: {expected.Length} reference logits, the model gives {actual.Length}");
            var worst = expected.Zip(actual, (a, b) => (double)Math.Abs(a - b)).Max();
            bool? greedyMatches = null;
            if (dtype == "float32")
            {
                // transformers was told not to stop at EOS; the engine does, so compare up to the first EOS.
                var greedy = c.GetProperty("greedy").EnumerateArray().Select(e => e.GetInt32()).ToList();
                var untilEos = greedy.TakeWhile(id => !checkpoint.Tokenizer.EosIds.Contains(id)).ToList();
                var completion = engine.Generate([new GenerationRequest("p", prompt, new SamplingOptions(greedy.Count, 0, 1, []), 1, 0)], ct).Single().Samples[0];
                greedyMatches = completion.GeneratedTokens == untilEos.Count && completion.Text == checkpoint.Tokenizer.Decode(untilEos);
            }
            results.Add(new ParityCaseResult(ids.Count, ids.SequenceEqual(checkpoint.Tokenizer.Encode(prompt)), worst, greedyMatches));
        }
        return new ParityResult(Path.GetFileName(Path.TrimEndingDirectorySeparator(fixtureDir)), device, dtype, tolerance, results);
    }

    /// <summary>Final-position logits of one prompt, read back as float32 on the host.</summary>
    public static float[] LastLogits(ICausalLanguageModel model, IReadOnlyList<int> ids)
    {
        using var _ = no_grad();
        var device = model.Device;
        using var cache = new KvCache(model.Shape.Layers, 1, model.Shape.KvHeads, ids.Count, model.Shape.HeadDim, model.DType, device);
        using var scope = NewDisposeScope();
        var tokens = tensor(ids.Select(i => (long)i).ToArray(), device: device).unsqueeze(0);
        using var length = ids.Count.ToScalar();     // held for the call (Models/PinnedScalars says why)
        var positions = arange(PinnedScalars.Zero, length, PinnedScalars.One, int64, device).unsqueeze(0);
        var mask = ones(ids.Count, ids.Count, ScalarType.Bool, device: device).tril().view(1, 1, ids.Count, ids.Count);
        var logits = model.Forward(tokens, positions, cache, 0, mask, lastOnly: true);
        return logits[0, 0].to(float32).cpu().data<float>().ToArray();
    }
}
