namespace ExperimentHarness.Enhancements;

/// <summary>One parameter of a stack element's identity, its value as canonical text (invariant numbers, hashes for free text and files).</summary>
public sealed record ElementParameter(string Key, string Value);

/// <summary>
/// What identifies one stack element: its name and every parameter that changes what it does, defaults included,
/// in the element's fixed order. <see cref="Text"/> renders it (<c>fewshot(k=8,seed=1234)</c>, or the bare name
/// without parameters). Free text and paths never appear: elements put a content hash in their place
/// (<see cref="ContentDigest"/>), so an identity is the same on every machine.
/// </summary>
public sealed record ElementIdentity(string Name, IReadOnlyList<ElementParameter> Parameters)
{
    public static ElementIdentity Bare(string name) => new(name, []);

    public string Text => Parameters.Count == 0 ? Name : $"{Name}({string.Join(",", Parameters.Select(p => $"{p.Key}={p.Value}"))})";

    public override string ToString() => Text;
}
