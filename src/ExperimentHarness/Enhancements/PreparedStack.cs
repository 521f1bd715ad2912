using ExperimentHarness.Benchmarks;
using ExperimentHarness.Foundation;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// A stack ready to run (<see cref="EnhancementStack.Prepare"/>): its shapers plan each item in order, and at most one
/// selector decides how many samples are drawn, at which sampling settings, and which answer is submitted (without a
/// selector, one sample at the config's settings, and its answer is submitted).
/// </summary>
public sealed class PreparedStack
{
    private readonly IReadOnlyList<IPromptShaper> _shapers;
    private readonly IAnswerSelector? _selector;

    internal PreparedStack(StackIdentity identity, IReadOnlyList<IStackElement> elements)
    {
        Identity = identity;
        Elements = elements;
        var roleless = elements.Where(e => e is not (IPromptShaper or IAnswerSelector or IScoredAnswerSelector)).Select(e => e.Identity.Text).ToList();
        if (roleless.Count > 0) throw new InvalidOperationException($"stack element(s) {string.Join(", ", roleless)} neither shape prompts nor select answers");
        _shapers = elements.OfType<IPromptShaper>().ToList();
        _selector = elements.OfType<IAnswerSelector>().SingleOrDefault();
        ScoredSelector = elements.OfType<IScoredAnswerSelector>().SingleOrDefault();
        Draw = elements.OfType<IDrawsSamples>().SingleOrDefault()?.Draw;
    }

    public StackIdentity Identity { get; }

    public string Id => Identity.Id;

    public string Hash => Identity.Hash;

    public IReadOnlyList<IStackElement> Elements { get; }

    /// <summary>The selector's samples and sampling settings; null without a selector (one sample, the config's settings).</summary>
    public SampleDraw? Draw { get; }

    /// <summary>The selector that scores every sample before choosing (a verifier), if the stack has one.</summary>
    public IScoredAnswerSelector? ScoredSelector { get; }

    public ItemPlan Plan(BenchmarkItem item) =>
        Shape(_shapers, item) with { Samples = Draw?.Samples ?? 1 };

    /// <summary>The sampling settings the samples are drawn with: the config's, with the selector's temperature and top_p where it has one.</summary>
    public SamplingOptions SamplingFor(SamplingOptions configured) =>
        Draw is { Sampling: var s } ? configured with { Temperature = s.Temperature, TopP = s.TopP } : configured;

    /// <summary>The submitted answer; <paramref name="scores"/> (one per sample) are needed exactly when the stack has a <see cref="ScoredSelector"/>.</summary>
    public AnswerChoice Select(IReadOnlyList<ExtractedAnswer> answers, ulong tieBreakSeed, IReadOnlyList<double>? scores = null)
    {
        if (ScoredSelector is { } scored)
            return scored.Select(answers, scores ?? throw new InvalidOperationException($"{scored.Identity} needs a score per sample"));
        if (_selector is not null) return _selector.Select(answers, tieBreakSeed);
        return answers.Count == 0 ? AnswerChoice.None("first") : new AnswerChoice(answers[0].Value, 0, "first");
    }

    internal static ItemPlan Shape(IReadOnlyList<IPromptShaper> shapers, BenchmarkItem item) =>
        shapers.Aggregate(ItemPlan.For(item), (plan, shaper) => shaper.Shape(plan));
}
