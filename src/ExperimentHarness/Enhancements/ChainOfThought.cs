using ExperimentHarness.Config;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// <c>cot</c>: exemplars are shown with their worked solutions (few-shot CoT). Without exemplars it is
/// zero-shot CoT in two steps: the answer is opened with a reasoning trigger (<c>trigger=...</c>, default
/// <see cref="DefaultTrigger"/>), then the reasoning is followed by an answer trigger (<c>answer=...</c>,
/// default <see cref="DefaultAnswerTrigger"/>) and a short second generation states the answer. Our own wording.
/// </summary>
public sealed class ChainOfThought : IEnhancement
{
    public const string DefaultTrigger = "Let us work it out one step at a time.";
    public const string DefaultAnswerTrigger = "\nSo the answer is";

    private readonly string _trigger;
    private readonly string _answerTrigger;

    public ChainOfThought(StackElementSpec spec, int position)
    {
        var p = new ElementParameters(spec, position);
        _trigger = p.String("trigger") ?? DefaultTrigger;
        _answerTrigger = p.String("answer") ?? DefaultAnswerTrigger;
        p.RejectUnknown();
        var parts = new List<string>();
        if (_trigger != DefaultTrigger) parts.Add($"trigger={_trigger}");
        if (_answerTrigger != DefaultAnswerTrigger) parts.Add($"answer={_answerTrigger}");
        Id = parts.Count == 0 ? "cot" : $"cot({string.Join(",", parts)})";
    }

    public string Name => "cot";

    public string Id { get; }

    public ItemPlan Shape(ItemPlan plan) =>
        plan with { Style = ExemplarStyle.WorkedSolution, ReasoningTrigger = _trigger, AnswerTrigger = _answerTrigger };
}
