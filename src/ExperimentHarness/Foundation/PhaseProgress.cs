namespace ExperimentHarness.Foundation;

/// <summary>
/// How far a long one-time phase is (building a retrieval index, training a verifier head): <see cref="Done"/> of
/// <see cref="Total"/> <see cref="Unit"/>. Lower layers report it through an <see cref="IProgress{T}"/> they are given;
/// the CLI decides what reaches the console and how often.
/// </summary>
public sealed record PhaseProgress(string Phase, long Done, long Total, string Unit)
{
    public override string ToString() => $"{Phase}: {Done}/{Total} {Unit}";
}
