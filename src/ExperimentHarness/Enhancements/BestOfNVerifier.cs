using System.Globalization;
using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Foundation;
using ExperimentHarness.Scoring;
using static System.FormattableString;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// <c>verifier(n=8, temperature=0.7, train_items=64, train_samples=4, train_tokens=256, seed=S)</c>: best-of-n with an
/// outcome verifier. One-time work: sample <c>train_samples</c> solutions for each of <c>train_items</c>
/// train-split items with the model itself (prompts shaped by the stack's earlier elements, the verifier's temperature), label each by
/// final-answer correctness (strict extraction), embed prompt + solution with the frozen model, and train
/// a logistic head with a held-out item split and early stopping (seeded). The head is saved as
/// safetensors with its provenance and reused when the same model, data and settings come again. At test
/// time n samples are drawn, each is scored by the head, and the best-scored sample's answer is submitted.
/// With <c>finetune_steps=S</c> (and <c>finetune_batch</c>, <c>finetune_lr</c>, <c>finetune_max_tokens</c>) a float32
/// copy of the LM is first fine-tuned on the same labels (held-out items excluded) and the head is trained
/// on, and scores with, the copy's features; the copy is cached beside the head.
/// One-time FLOPs = sampling + (fine-tuning: 3 × forward per trained token, plus held-out evaluations) + embedding + head training.
/// </summary>
public sealed class BestOfNVerifier : IPreparable, IDrawsSamples
{
    private readonly int _samples, _trainItems, _trainSamples, _trainTokens, _seed;
    private readonly int _finetuneSteps, _finetuneBatch, _finetuneMaxTokens;
    private readonly double _temperature, _finetuneLearningRate;
    private readonly ElementParameters _parameters;

    public BestOfNVerifier(StackElementSpec spec, int position, StackContext context)
    {
        var p = _parameters = new ElementParameters(spec, position);
        _samples = p.Int("n", 8, 1, 1024);
        _temperature = p.Double("temperature", 0.7, 1e-6, 100);
        _trainItems = p.Int("train_items", 64, 2, 1_000_000);
        _trainSamples = p.Int("train_samples", 4, 1, 1024);
        _trainTokens = p.Int("train_tokens", CellDefaults.VerifierTrainTokens, 1, 1_000_000);
        _seed = p.Int("seed", context.RunSeed, 0, int.MaxValue);
        _finetuneSteps = p.Int("finetune_steps", 0, 0, 1_000_000);
        _finetuneBatch = p.Int("finetune_batch", 8, 1, 4096);
        _finetuneLearningRate = p.Double("finetune_lr", 1e-5, 1e-12, 1);
        _finetuneMaxTokens = p.Int("finetune_max_tokens", 512, 8, 1_000_000);
        p.RejectUnknown();
        if (context.Benchmark.Train.Count < _trainItems)
            throw p.Error($"the train split has {context.Benchmark.Train.Count} items, fewer than train_items={_trainItems}");
        // Fine-tuning settings join the identity only when fine-tuning is on, so head-only stacks keep their ids and caches.
        List<ElementParameter> parameters =
        [
            new("n", Invariant($"{_samples}")), new("temperature", Invariant($"{_temperature:R}")), new("train_items", Invariant($"{_trainItems}")),
            new("train_samples", Invariant($"{_trainSamples}")), new("train_tokens", Invariant($"{_trainTokens}")), new("seed", Invariant($"{_seed}")),
        ];
        if (_finetuneSteps > 0)
            parameters.AddRange([new("finetune_steps", Invariant($"{_finetuneSteps}")), new("finetune_batch", Invariant($"{_finetuneBatch}")),
                new("finetune_lr", Invariant($"{_finetuneLearningRate:R}")), new("finetune_max_tokens", Invariant($"{_finetuneMaxTokens}"))]);
        Identity = new ElementIdentity("verifier", parameters);
        Draw = new SampleDraw(_samples, new SamplingOverride(_temperature, 1.0));
    }

    public ElementIdentity Identity { get; }

    public StackRole Role => StackRole.SelectsAnswer;

    /// <summary>The n samples per item and the temperature they are drawn at (top_p 1).</summary>
    public SampleDraw Draw { get; }

    private string Id => Identity.Text;

    public (IStackElement Prepared, OneTimeWork Work) Prepare(PrepareContext context, CancellationToken ct)
    {
        var caps = context.Verifier
            ?? throw _parameters.Error("this run cannot train a verifier (it needs generation, a scorer and a head trainer); remove 'verifier' from the stack");
        if (_finetuneSteps > 0 && caps.FineTuner is null)
            throw _parameters.Error($"parameter 'finetune_steps': this model offers no LM fine-tuning; set finetune_steps=0 (got {_finetuneSteps})");
        var embedder = context.Embedder;
        var train = new SplitMix64((ulong)_seed).Sample(caps.Benchmark.Train.Count, _trainItems).Select(i => caps.Benchmark.Train[i]).ToList();
        var key = ContentHash.Of([context.Embedder.Identity, Id, caps.Scorer.Task, .. train.Select(t => t.Id + "\u001e" + t.Posed)])[..32];
        var file = Path.Combine(context.CacheDirectory, "verifier", key + ".safetensors");
        var tunedDirectory = Path.Combine(context.CacheDirectory, "verifier", key + ".model");
        if (File.Exists(file) && (_finetuneSteps == 0 || Directory.Exists(tunedDirectory)))
        {
            if (_finetuneSteps > 0) embedder = caps.FineTuner!.Load(tunedDirectory);
            var cached = caps.Trainer.Load(file);
            return (new PreparedVerifier(Identity, Draw, embedder, cached),
                new OneTimeWork(cached.TrainingFlops, 0, $"verifier head (validation AUC {cached.ValidationAuc:F3}) reused from {file}"));
        }

        var requests = train.Select((item, i) => new GenerationRequest($"verifier-train-{i}", TrainingPrompt(context, item),
            new SamplingOptions(_trainTokens, _temperature, 1.0, ConfigDefaults.Stop), _trainSamples,
            (ulong)_seed * 1_000_003UL + (ulong)i)).ToList();
        var texts = new List<string>();
        var labels = new List<bool>();
        var groups = new List<int>();
        var flops = 0.0;
        var sampled = 0;
        foreach (var result in caps.Engine.Generate(requests, ct))
        {
            context.Progress?.Report(new PhaseProgress("verifier training solutions", ++sampled, requests.Count, "train items sampled"));
            var index = int.Parse(result.ItemId["verifier-train-".Length..], CultureInfo.InvariantCulture);
            var gold = caps.Scorer.NormalizeGold(train[index].Gold);
            flops += result.Flops.Executed;
            foreach (var sample in result.Samples)
            {
                texts.Add(requests[index].Prompt + sample.Text);
                labels.Add(caps.Scorer.IsCorrect(caps.Scorer.Strict.Extract(sample.Text), gold));
                groups.Add(index);
            }
        }
        var tuning = "";
        if (_finetuneSteps > 0)
        {
            var settings = new FineTuneSettings(_finetuneSteps, _finetuneBatch, _finetuneLearningRate, _finetuneMaxTokens, _seed,
                ValidationSplit.HeldOutGroups(groups, _seed));
            var tuned = caps.FineTuner!.FineTune(texts, labels, groups, settings, tunedDirectory, ct);
            embedder = tuned.Embedder;
            flops += tuned.Flops;
            tuning = FormattableString.Invariant($"; LM fine-tuned {tuned.StepsRun} steps (held-out loss {tuned.FirstHeldOutLoss:F4} -> {tuned.LastHeldOutLoss:F4}, copy in {tunedDirectory})");
        }
        var (features, embedFlops) = embedder.Embed(texts,
            context.Progress is { } progress ? n => progress.Report(new PhaseProgress("verifier features", n, texts.Count, "solutions embedded")) : null, ct);
        flops += embedFlops.Sum(f => f.Executed);
        var provenance = $"{Id}; task {caps.Scorer.Task}; {train.Count} train items, {texts.Count} solutions ({labels.Count(l => l)} correct); features {embedder.Identity}{tuning}";
        var head = caps.Trainer.Train(features, labels, groups, _seed, provenance, context.Progress);
        var trained = head with { TrainingFlops = flops + head.TrainingFlops };
        caps.Trainer.Save(file, trained);
        return (new PreparedVerifier(Identity, Draw, embedder, trained), new OneTimeWork(trained.TrainingFlops, trained.TrainingFlops,
            $"verifier head trained on {texts.Count} solutions (validation AUC {trained.ValidationAuc:F3}){tuning}, saved to {file}"));
    }

    /// <summary>
    /// The training prompt is shaped by the elements before the verifier (same exemplars/CoT format as at test
    /// time). Per-item exemplar choosers prepared only for the evaluated items (retrieval) cannot shape train
    /// items; those fall back to the plain zero-shot prompt.
    /// </summary>
    private static string TrainingPrompt(PrepareContext context, BenchmarkItem item)
    {
        try
        {
            return PromptFormat.Render(context.PlanBefore(item));
        }
        catch (ItemNotPreparedException)
        {
            return PromptFormat.Render(ItemPlan.For(item));
        }
    }
}
