using System.Globalization;
using ExperimentHarness.Benchmarks;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Models;
using ExperimentHarness.Models.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ExperimentHarness.Engine;

/// <summary>
/// Fine-tunes a float32 copy of a loaded checkpoint for verification (float32 so that small AdamW updates are
/// not rounded away, as they would be in bf16): mean-pooled final hidden states → a scalar head, binary
/// cross-entropy on correctness, AdamW on every weight and the head, seeded mini-batches of training items.
/// The held-out loss is measured every tenth of the steps; training stops early after three measurements
/// without improvement. The copy is saved as a checkpoint directory (config, tokenizer, weights) and stays
/// loaded for scoring until this tuner is disposed.
/// </summary>
/// <param name="budget">The memory budget the tuned copy's embedder shares; null: one of its own.</param>
public sealed class TorchVerifierFineTuner(LoadedCheckpoint source, MemoryBudget? budget = null) : IVerifierFineTuner, IDisposable
{
    private const int Patience = 3;
    private readonly List<LoadedCheckpoint> _copies = [];

    public FineTuneResult FineTune(IReadOnlyList<string> texts, IReadOnlyList<bool> labels, IReadOnlyList<int> groups,
        FineTuneSettings settings, string directory, CancellationToken ct)
    {
        var copy = LoadCopy(source.Directory);
        var model = copy.Model;
        var ledger = new FlopLedger(model.Shape);
        var sequences = texts.Select(t => Truncate(copy.Tokenizer.Encode(t), settings.MaxTokens)).ToList();
        var train = Enumerable.Range(0, texts.Count).Where(i => !settings.HeldOut.Contains(groups[i])).ToList();
        var heldOut = Enumerable.Range(0, texts.Count).Where(i => settings.HeldOut.Contains(groups[i])).ToList();
        if (train.Count == 0) throw new InvalidOperationException("verifier fine-tuning has no training examples outside the held-out items");

        var module = (nn.Module)model;
        using var headWeight = new Parameter(zeros(model.Shape.Hidden, float32, model.Device));
        using var headBias = new Parameter(zeros(1, float32, model.Device));
        var optimizer = new ScalarSafe.AdamW(module.parameters().Append(headWeight).Append(headBias), settings.LearningRate);
        var rng = new SplitMix64((ulong)settings.Seed ^ 0x5EED_F1E7UL);
        var every = Math.Max(1, settings.Steps / 10);
        double flops = 0;
        double Evaluate()
        {
            var (loss, cost) = HeldOutLoss(model, ledger, sequences, labels, heldOut, settings.BatchSize, headWeight, headBias);
            flops += cost;
            return loss;
        }
        var first = Evaluate();
        var (best, sinceBest, last, steps) = (first, 0, first, 0);
        module.train();
        try
        {
            while (steps < settings.Steps && sinceBest < Patience)
            {
                ct.ThrowIfCancellationRequested();
                using (var scope = NewDisposeScope())
                {
                    var rows = rng.Sample(train.Count, Math.Min(settings.BatchSize, train.Count)).Select(i => train[i]).ToList();
                    var (loss, padded) = Loss(model, sequences, labels, rows, headWeight, headBias);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    flops += ledger.FineTuningStep(rows.Count, padded);
                }
                steps++;
                if (steps % every == 0 || steps == settings.Steps)
                {
                    last = Evaluate();
                    if (last < best - 1e-6) (best, sinceBest) = (last, 0);
                    else sinceBest++;
                }
            }
        }
        finally
        {
            module.eval();
            optimizer.Dispose();
        }
        Save(copy, directory, settings, steps);
        // The copy in memory was loaded from the source: identify it by the weights just saved, as a later reload will be.
        return new FineTuneResult(Embedder(copy, LoadedCheckpoint.HashWeights(directory)), flops, steps, first, last);
    }

    public ITextEmbedder Load(string directory)
    {
        var copy = LoadCopy(directory);
        return Embedder(copy, copy.WeightsSha256);
    }

    public void Dispose()
    {
        foreach (var copy in _copies) copy.Dispose();
        _copies.Clear();
    }

    private LoadedCheckpoint LoadCopy(string directory)
    {
        var copy = LoadedCheckpoint.Load(directory, source.Model.Device.type == DeviceType.CUDA ? "cuda" : "cpu", "float32");
        _copies.Add(copy);
        return copy;
    }

    /// <summary>Identified by the saved weights' hash, so the copy in memory and the one reloaded later share cache keys.</summary>
    private TorchTextEmbedder Embedder(LoadedCheckpoint copy, string weightsSha256) => new(copy.Model, copy.Tokenizer, weightsSha256, budget);

    private static IReadOnlyList<int> Truncate(IReadOnlyList<int> ids, int maxTokens) =>
        ids.Count == 0 ? [0] : ids.Count <= maxTokens ? ids : ids.Skip(ids.Count - maxTokens).ToList();

    /// <summary>Mean binary cross-entropy of the rows and the padded length they ran at.</summary>
    private static (Tensor Loss, int Padded) Loss(ICausalLanguageModel model, IReadOnlyList<IReadOnlyList<int>> sequences,
        IReadOnlyList<bool> labels, IReadOnlyList<int> rows, Tensor headWeight, Tensor headBias)
    {
        var (pooled, padded) = PooledHidden.Of(model, rows.Select(r => sequences[r]).ToList());   // (B, d)
        var target = tensor(rows.Select(r => labels[r] ? 1f : 0f).ToArray(), device: model.Device);
        var loss = nn.functional.binary_cross_entropy_with_logits(pooled.matmul(headWeight).add(headBias, PinnedScalars.One), target);
        return (loss, padded);
    }

    private static (double Loss, double Flops) HeldOutLoss(ICausalLanguageModel model, FlopLedger ledger, IReadOnlyList<IReadOnlyList<int>> sequences,
        IReadOnlyList<bool> labels, IReadOnlyList<int> heldOut, int batchSize, Tensor headWeight, Tensor headBias)
    {
        if (heldOut.Count == 0) return (double.NaN, 0);
        using var noGrad = no_grad();
        double total = 0, flops = 0;
        foreach (var rows in heldOut.Chunk(batchSize))
        {
            using var scope = NewDisposeScope();
            var (loss, padded) = Loss(model, sequences, labels, rows, headWeight, headBias);
            total += loss.item<float>() * rows.Length;
            flops += rows.Length * ledger.MaskedPrefill(padded, logitPositions: 0);
        }
        return (total / heldOut.Count, flops);
    }

    /// <summary>Writes config, tokenizer and weights beside the target, then renames, so the directory is complete or absent.</summary>
    private void Save(LoadedCheckpoint copy, string directory, FineTuneSettings settings, int steps)
    {
        var full = Path.GetFullPath(directory);
        var staging = full + $".{Environment.ProcessId}.partial";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        foreach (var name in new[] { "config.json", "tokenizer.json" })
            File.Copy(Path.Combine(source.Directory, name), Path.Combine(staging, name));
        using (no_grad())
        using (NewDisposeScope())
            SafetensorsWriter.Write(Path.Combine(staging, "model.safetensors"),
                ((nn.Module)copy.Model).named_parameters().Select(p => (p.name, (Tensor)p.parameter.detach().cpu())),
                new Dictionary<string, string>
                {
                    ["format"] = "pt",
                    ["fine_tuned_from"] = source.WeightsSha256,
                    ["fine_tuning"] = string.Create(CultureInfo.InvariantCulture,
                        $"verifier: {steps} of {settings.Steps} AdamW steps, batch {settings.BatchSize}, lr {settings.LearningRate:R}, max_tokens {settings.MaxTokens}, seed {settings.Seed}"),
                });
        if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
        Directory.Move(staging, full);
    }
}
