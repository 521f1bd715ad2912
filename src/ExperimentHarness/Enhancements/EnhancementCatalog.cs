using ExperimentHarness.Config;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// Builds stack elements from their YAML specs and rejects stacks that make no sense, naming the elements: an unknown
/// element, one written twice, two exemplar choosers, two selectors. The stack puts the rest in canonical order.
/// </summary>
public static class EnhancementCatalog
{
    public static readonly IReadOnlyList<string> Names = ["fewshot", "retrieval", "cot", "majority", "verifier"];

    public static EnhancementStack Build(IReadOnlyList<StackElementSpec> specs, StackContext context)
    {
        var elements = new List<IStackElement>();
        var check = new InputCheck("invalid stack");       // every element's problems, not only the first element's
        for (var i = 0; i < specs.Count; i++)
            if (check.Try(null, () => Create(specs[i], i, context)) is { } element) elements.Add(element);
        check.ThrowIfAny();

        var repeated = elements.GroupBy(e => e.Identity.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
            throw new InputException($"stack: element(s) {string.Join(", ", repeated)} appear more than once");
        var exemplarChoosers = elements.Where(e => e.Role == StackRole.ChoosesExemplars).Select(e => e.Identity.Text).ToList();
        if (exemplarChoosers.Count > 1)
            throw new InputException($"stack: only one element may choose the exemplars, got {string.Join(" and ", exemplarChoosers)}");
        var selectors = elements.Where(e => e.Role == StackRole.SelectsAnswer).Select(e => e.Identity.Text).ToList();
        if (selectors.Count > 1)
            throw new InputException($"stack: only one element may choose the submitted answer, got {string.Join(" and ", selectors)}");
        return new EnhancementStack(elements);
    }

    private static IStackElement Create(StackElementSpec spec, int position, StackContext context) => spec.Name switch
    {
        "fewshot" => new FewShot(spec, position, context),
        "cot" => new ChainOfThought(spec, position),
        "majority" => new MajorityVote(spec, position),
        "retrieval" => new Retrieval(spec, position, context),
        "verifier" => new BestOfNVerifier(spec, position, context),
        _ => throw new InputException($"stack[{position}]: unknown element '{spec.Name}'; known: {string.Join(", ", Names)}"),
    };
}
