namespace ExperimentHarness.Foundation;

/// <summary>
/// FLOPs of some piece of work. <see cref="Executed"/> is what really ran (shared prefills counted
/// once, cached work not at all); <see cref="Canonical"/> is the textbook cost of the same outputs
/// (one prefill plus the decodes for every sample of a prompt). See DESIGN.md "FLOP accounting".
/// </summary>
public readonly record struct Flops(double Executed, double Canonical)
{
    public static readonly Flops Zero = new(0, 0);

    public static Flops Same(double flops) => new(flops, flops);

    public static Flops operator +(Flops a, Flops b) => new(a.Executed + b.Executed, a.Canonical + b.Canonical);
}
