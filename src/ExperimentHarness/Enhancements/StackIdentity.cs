using ExperimentHarness.Foundation;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// What identifies a stack: its elements in canonical order (exemplar choice, prompt format, selector; see
/// <see cref="StackRole"/>). <see cref="Id"/> is rendered from them ("none" for the empty stack, else the element texts
/// joined by '+') and <see cref="Hash"/> is a hash of that text; both go into cell and item keys.
/// </summary>
public sealed record StackIdentity(IReadOnlyList<ElementIdentity> Elements)
{
    public const string Empty = "none";

    public string Id => Elements.Count == 0 ? Empty : string.Join("+", Elements.Select(e => e.Text));

    public string Hash => ContentHash.Of(Id)[..16];

    /// <summary>Each element's canonical text, in stack order (what summaries store).</summary>
    public IReadOnlyList<string> ElementTexts => Elements.Select(e => e.Text).ToList();

    public override string ToString() => Id;
}
