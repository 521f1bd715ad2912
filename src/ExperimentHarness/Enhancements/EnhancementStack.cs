using ExperimentHarness.Benchmarks;
namespace ExperimentHarness.Enhancements;

/// <summary>
/// A stack as built from the config: its elements in canonical order (<see cref="StackRole"/>: exemplar choice, prompt
/// format, selector; elements of one role keep the order they were written in) and its <see cref="Identity"/>. It does
/// nothing by itself: <see cref="Prepare"/> runs every element's one-time work and returns the <see cref="PreparedStack"/>
/// that plans items and selects answers.
/// </summary>
public sealed class EnhancementStack
{
    public EnhancementStack(IReadOnlyList<IStackElement> elements)
    {
        Elements = elements.OrderBy(e => e.Role).ToList();     // OrderBy is stable: same-role elements keep their order
        Identity = new StackIdentity(Elements.Select(e => e.Identity).ToList());
    }

    public StackIdentity Identity { get; }

    public string Id => Identity.Id;

    public string Hash => Identity.Hash;

    public IReadOnlyList<IStackElement> Elements { get; }

    /// <summary>
    /// The plan an item gets before any one-time work has run, for estimates made before a sweep starts: shapers that exist
    /// only once prepared (retrieval's exemplars) are left out, and the sample count is the selector's draw.
    /// </summary>
    public ItemPlan PlanBeforePreparation(BenchmarkItem item)
    {
        var draw = Elements.OfType<IDrawsSamples>().FirstOrDefault()?.Draw;
        return PreparedStack.Shape(Elements.OfType<IPromptShaper>().ToList(), item) with { Samples = draw?.Samples ?? 1 };
    }

    /// <summary>
    /// Prepares the elements that need it, in stack order; each sees (as <see cref="PrepareContext.PlanBefore"/>) the plan
    /// the prepared elements before it give an item. Returns a new stack of prepared elements and each element's one-time
    /// work (<see cref="OneTimeWork.None"/> for elements that need none); this stack is left as it was.
    /// </summary>
    public (PreparedStack Stack, IReadOnlyList<OneTimeWork> Work) Prepare(PrepareContext context, CancellationToken ct)
    {
        var prepared = new List<IStackElement>();
        var work = new List<OneTimeWork>();
        foreach (var element in Elements)
        {
            if (element is IPreparable preparable)
            {
                var before = prepared.OfType<IPromptShaper>().ToList();
                var (ready, done) = preparable.Prepare(context with { PlanBefore = item => PreparedStack.Shape(before, item) }, ct);
                if (ready.Identity.Text != element.Identity.Text || ready.Role != element.Role)
                    throw new InvalidOperationException($"{element.Identity}: preparing it changed its identity or role ({ready.Identity}, {ready.Role})");
                prepared.Add(ready);
                work.Add(done);
            }
            else
            {
                prepared.Add(element);
                work.Add(OneTimeWork.None);
            }
        }
        return (new PreparedStack(Identity, prepared), work);
    }

    /// <summary>The stack as it runs when none of its elements needs one-time work (a caller's mistake otherwise).</summary>
    public PreparedStack WithoutPreparation() =>
        Elements.FirstOrDefault(e => e is IPreparable) is { } needy
            ? throw new InvalidOperationException($"{needy.Identity} needs one-time work: call Prepare")
            : new PreparedStack(Identity, Elements);
}
