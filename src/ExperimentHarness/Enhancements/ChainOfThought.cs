using ExperimentHarness.Config;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// <c>cot</c>: exemplars are shown with their worked solutions (few-shot CoT). Without exemplars it is
/// zero-shot CoT: the answer is opened with a reasoning trigger (<c>cot(trigger=...)</c>, default
/// <see cref="DefaultTrigger"/>, our own wording).
/// </summary>
public sealed class ChainOfThought : IEnhancement
{
    public const string DefaultTrigger = "Let us work it out one step at a time.";

    private readonly string _trigger;

    public ChainOfThought(StackElementSpec spec, int position)
    {
        var p = new ElementParameters(spec, position);
        _trigger = p.String("trigger") ?? DefaultTrigger;
        p.RejectUnknown();
        Id = _trigger == DefaultTrigger ? "cot" : $"cot(trigger={_trigger})";
    }

    public string Name => "cot";

    public string Id { get; }

    public ItemPlan Shape(ItemPlan plan) =>
        plan with { Style = ExemplarStyle.WorkedSolution, ReasoningTrigger = _trigger };
}
