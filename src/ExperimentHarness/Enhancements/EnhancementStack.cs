using System.Security.Cryptography;
using System.Text;
using ExperimentHarness.Benchmarks;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// An ordered list of stack elements. Elements shape the plan in order; at most one selector chooses
/// the submitted answer (without one, the first sample's answer is submitted). The stack's identity is
/// its canonical text (<see cref="Id"/>, "none" for the empty stack) and a hash of it.
/// </summary>
public sealed class EnhancementStack
{
    private readonly IReadOnlyList<IEnhancement> _elements;
    private readonly IEnhancement? _selector;

    public EnhancementStack(IReadOnlyList<IEnhancement> elements)
    {
        _elements = elements;
        _selector = elements.SingleOrDefault(e => e.IsSelector);
        Id = elements.Count == 0 ? "none" : string.Join("+", elements.Select(e => e.Id));
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Id)))[..16];
    }

    public string Id { get; }

    public string Hash { get; }

    public IReadOnlyList<IEnhancement> Elements => _elements;

    /// <summary>Runs every element's one-time work, in stack order.</summary>
    public IReadOnlyList<OneTimeWork> Prepare(PrepareContext context, CancellationToken ct) =>
        _elements.Select((e, i) => e.Prepare(context with
        {
            PlanBefore = item => _elements.Take(i).Aggregate(ItemPlan.For(item), (plan, earlier) => earlier.Shape(plan)),
        }, ct)).ToList();

    public ItemPlan Plan(BenchmarkItem item) =>
        _elements.Aggregate(ItemPlan.For(item), (plan, element) => element.Shape(plan));

    /// <summary>The selector that needs per-sample scores (a verifier), if the stack has one.</summary>
    public IEnhancement? SampleScorer => _selector is { ScoresSamples: true } s ? s : null;

    public AnswerChoice Select(IReadOnlyList<ExtractedAnswer> answers, ulong tieBreakSeed, IReadOnlyList<double>? scores = null)
    {
        if (_selector is { ScoresSamples: true } verifier)
            return verifier.SelectScored(answers, scores ?? throw new InvalidOperationException($"{verifier.Id} needs sample scores"));
        if (_selector is not null) return _selector.Select(answers, tieBreakSeed);
        return answers.Count == 0 ? AnswerChoice.None("first") : new AnswerChoice(answers[0].Value, 0, "first");
    }
}
