namespace ExperimentHarness.Enhancements;

/// <summary>
/// An element that needs one-time work (building a retrieval index, training a verifier head) before it can take its
/// role. Preparing it leaves it unchanged and returns a new, prepared element (a shaper or selector with the same identity and
/// role) together with the work's cost.
/// </summary>
public interface IPreparable : IStackElement
{
    (IStackElement Prepared, OneTimeWork Work) Prepare(PrepareContext context, CancellationToken ct);
}
