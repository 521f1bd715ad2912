using System.Diagnostics;
using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Models;
using ExperimentHarness.Models.Checkpoints;
using ExperimentHarness.Models.Llama;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Training;

/// <summary>What one member's training produced (its state directory holds the weights).</summary>
public sealed record TrainedModel(MemberPlan Plan, TrainingState State, double FinalHeldOutLoss);

/// <summary>
/// Trains one member from scratch, or resumes it from its last checkpoint: AdamW (weight decay on matrices and
/// embeddings, not on norms), the warm-up + cosine schedule, global gradient-norm clipping, next-token cross-entropy on
/// packed rows. The ledger's FLOPs of each step are added as it completes; training stops when the next step would
/// exceed the budget. Held-out loss is measured every eval_every steps and at the end; the state is saved every
/// checkpoint_every steps. On the CPU, a run killed at any moment and resumed ends with the same weights as an
/// uninterrupted one (rows, schedule and initialisation depend only on the step and the seeds).
/// </summary>
public sealed class MemberTrainer(TrainFamilyConfig config, PackedRows rows, string tokenizerFile, int endOfText)
{
    public TrainedModel Train(MemberPlan plan, string stateDirectory, Action<TrainingProgress> progress, CancellationToken ct)
    {
        var device = config.Device == "cuda" ? CUDA : CPU;
        var dtype = config.DType == "bfloat16" ? ScalarType.BFloat16 : ScalarType.Float32;
        var configJson = LlamaConfigJson.Serialize(plan.Shape, endOfText);
        var state = TrainingCheckpoint.Find(stateDirectory);
        using var model = state is null ? NewModel(plan, configJson, stateDirectory, device, dtype) : SavedModel(stateDirectory, device, dtype);
        model.train();
        var parameters = model.named_parameters().ToList();
        using var optimizer = new ScalarSafe.AdamW(
        [
            new AdamW.ParamGroup(parameters.Where(p => p.parameter.dim() >= 2).Select(p => p.parameter), new AdamW.Options { weight_decay = config.Optimizer.WeightDecay }),
            new AdamW.ParamGroup(parameters.Where(p => p.parameter.dim() < 2).Select(p => p.parameter), new AdamW.Options { weight_decay = 0 }),
        ], lr: config.Optimizer.LearningRate, beta1: config.Optimizer.Beta1, beta2: config.Optimizer.Beta2);
        if (state is not null) TrainingCheckpoint.RestoreOptimizer(stateDirectory, optimizer);
        var schedule = new LearningRateSchedule(config.Optimizer, plan.Steps);
        var (step, flops, seconds) = (state?.Step ?? 0, state?.Flops ?? 0, state?.Seconds ?? 0);
        var log = new List<HeldOutPoint>(state?.Log ?? []);
        var clock = Stopwatch.StartNew();
        var dataSeconds = 0.0;
        var startStep = step;
        var lastLoss = double.NaN;
        while (step < plan.Steps && flops + plan.StepFlops <= plan.Budget)
        {
            if (ct.IsCancellationRequested)
            {
                // Ctrl-C / SIGTERM: keep every finished step (a kill -9 loses at most checkpoint_every steps instead).
                TrainingCheckpoint.Save(stateDirectory, configJson, tokenizerFile, model, optimizer, new TrainingState(step, flops, seconds + clock.Elapsed.TotalSeconds, log));
                ct.ThrowIfCancellationRequested();
            }
            var lr = schedule.At(step);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
            using (var scope = NewDisposeScope())
            {
                var dataClock = Stopwatch.StartNew();
                var block = rows.Rows("train", step * plan.Rows, plan.Rows);
                dataSeconds += dataClock.Elapsed.TotalSeconds;
                var loss = Loss(model, block, plan.Rows, device);
                optimizer.zero_grad();
                loss.backward();
                if (config.Optimizer.GradientClip > 0) nn.utils.clip_grad_norm_(model.parameters(), config.Optimizer.GradientClip);
                optimizer.step();
                lastLoss = loss.item<float>();
            }
            step++;
            flops += plan.StepFlops;
            double? heldOut = null;
            if (step % config.EvalEvery == 0 || step == plan.Steps)
            {
                heldOut = HeldOutLoss(model, plan, device);
                log.Add(new HeldOutPoint(step, (double)step * plan.Rows * plan.SequenceLength, flops, lastLoss, heldOut.Value, lr));
            }
            var elapsed = clock.Elapsed.TotalSeconds;
            if (step % config.CheckpointEvery == 0 && step < plan.Steps)
                TrainingCheckpoint.Save(stateDirectory, configJson, tokenizerFile, model, optimizer, new TrainingState(step, flops, seconds + elapsed, log));
            var done = step - startStep;
            var perStep = done > 0 ? elapsed / done : 0;
            progress(new TrainingProgress(plan.Name, step, plan.Steps, lastLoss, heldOut, elapsed > 0 ? done * plan.Rows * plan.SequenceLength / elapsed : 0,
                elapsed > 0 ? done * plan.StepFlops / elapsed : 0, flops, plan.Budget, TimeSpan.FromSeconds(perStep * (plan.Steps - step)), elapsed > 0 ? dataSeconds / elapsed : 0));
        }
        var final = new TrainingState(step, flops, seconds + clock.Elapsed.TotalSeconds, log);
        TrainingCheckpoint.Save(stateDirectory, configJson, tokenizerFile, model, optimizer, final);
        return new TrainedModel(plan, final, log.Count > 0 ? log[^1].HeldOutLoss : double.NaN);
    }

    /// <summary>Mean next-token cross-entropy of a (rows, T+1) block: inputs are the first T tokens, targets the last T.</summary>
    private Tensor Loss(LlamaModel model, long[] block, int count, Device device)
    {
        var t = config.SequenceLength;
        var tokens = tensor(block, [count, t + 1], int64, device);
        var logits = model.CausalLogits(tokens.narrow(1, 0, t));                          // (R, T, V) float32
        return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), tokens.narrow(1, 1, t).reshape(-1));
    }

    /// <summary>Mean loss over the first eval_tokens / T rows of the held-out split (the same rows for every member).</summary>
    private double HeldOutLoss(LlamaModel model, MemberPlan plan, Device device)
    {
        var evalRows = Math.Max(1, config.EvalTokens / config.SequenceLength);
        model.eval();
        try
        {
            using var _ = no_grad();
            double total = 0;
            for (var first = 0; first < evalRows; first += plan.Rows)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(plan.Rows, evalRows - first);
                total += Loss(model, rows.Rows("heldout", first, count), count, device).item<float>() * count;
            }
            return total / evalRows;
        }
        finally
        {
            model.train();
        }
    }

    /// <summary>
    /// A fresh member: N(0, 0.02) weights from a generator seeded by (config seed, member), the projections that write
    /// into the residual stream (o_proj, down_proj) scaled by 1/√(2L) so its variance does not grow with depth, norms 1.
    /// </summary>
    private LlamaModel NewModel(MemberPlan plan, string configJson, string stateDirectory, Device device, ScalarType dtype)
    {
        // Read back from the config.json text the member will be saved with, as any checkpoint's config is.
        var model = new LlamaModel(LlamaConfig.Read(new HfConfigReader(Path.Combine(stateDirectory, "config.json"), configJson)), CPU, float32);
        using var generator = new Generator(ContentHash.Seed("train-family/init", config.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), plan.Name));
        using (no_grad())
            foreach (var (name, parameter) in model.named_parameters())
            {
                if (name.EndsWith("norm.weight", StringComparison.Ordinal)) parameter.fill_(PinnedScalars.One);
                else if (name.EndsWith("o_proj.weight", StringComparison.Ordinal) || name.EndsWith("down_proj.weight", StringComparison.Ordinal))
                    parameter.normal_(0.0, 0.02 / Math.Sqrt(2.0 * plan.Shape.Layers), generator);
                else parameter.normal_(0.0, 0.02, generator);
            }
        model.to(device, dtype);
        return model;
    }

    private static LlamaModel SavedModel(string stateDirectory, Device device, ScalarType dtype)
    {
        var llama = LlamaConfig.Read(new HfConfigReader(Path.Combine(stateDirectory, "config.json")));
        var model = new LlamaModel(llama, CPU, float32);
        using (var tensors = new CheckpointTensors(stateDirectory))
            CheckpointBinder.Bind(model, tensors, stateDirectory, name => name == "lm_head.weight");
        model.to(device, dtype);
        return model;
    }
}
