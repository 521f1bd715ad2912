using ExperimentHarness.Config;

namespace ExperimentHarness.Training;

/// <summary>Linear warm-up over the first warmup_share of the steps, then cosine decay from lr to min_lr_ratio·lr at the last step.</summary>
public sealed class LearningRateSchedule(OptimizerSpec spec, long totalSteps)
{
    private readonly long _warmup = Math.Max(1, (long)Math.Round(spec.WarmupShare * totalSteps));

    /// <summary>The learning rate of step <paramref name="step"/> (0-based).</summary>
    public double At(long step)
    {
        if (step < _warmup) return spec.LearningRate * (step + 1) / _warmup;
        var span = Math.Max(1, totalSteps - _warmup);
        var progress = Math.Min(1.0, (double)(step - _warmup) / span);
        var floor = spec.MinLrRatio * spec.LearningRate;
        return floor + (spec.LearningRate - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
