using ExperimentHarness.Config;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// <c>cot</c>: exemplars are shown with their worked solutions (few-shot CoT). Without exemplars it is
/// zero-shot CoT in two steps: the answer is opened with a reasoning trigger (<c>trigger=...</c>, default
/// <see cref="DefaultTrigger"/>), then the reasoning is followed by an answer trigger (<c>answer=...</c>,
/// default <see cref="DefaultAnswerTrigger"/>) and a short second generation states the answer (the plan's
/// <see cref="FollowUpStep"/>). Our own wording. A trigger other than the default appears in the identity as its hash.
/// </summary>
public sealed class ChainOfThought : IPromptShaper
{
    public const string DefaultTrigger = "Let us work it out one step at a time.";
    public const string DefaultAnswerTrigger = "\nSo the answer is";

    /// <summary>Tokens allowed for the answer step (the answer itself, not more reasoning).</summary>
    public const int AnswerStepTokens = 24;

    private readonly string _trigger;
    private readonly FollowUpStep _answerStep;

    public ChainOfThought(StackElementSpec spec, int position)
    {
        var p = new ElementParameters(spec, position);
        _trigger = p.String("trigger") ?? DefaultTrigger;
        var answerTrigger = p.String("answer") ?? DefaultAnswerTrigger;
        p.RejectUnknown();
        _answerStep = new FollowUpStep(answerTrigger, AnswerStepTokens);
        var parameters = new List<ElementParameter>();
        if (_trigger != DefaultTrigger) parameters.Add(new("trigger", ContentDigest.OfText(_trigger)));
        if (answerTrigger != DefaultAnswerTrigger) parameters.Add(new("answer", ContentDigest.OfText(answerTrigger)));
        Identity = new ElementIdentity("cot", parameters);
    }

    public ElementIdentity Identity { get; }

    public StackRole Role => StackRole.FormatsPrompt;

    /// <summary>Exemplars (chosen before the format, by the stack's order) show the answer format; only without them are the two steps needed.</summary>
    public ItemPlan Shape(ItemPlan plan) => plan.Exemplars.Count > 0
        ? plan with { Style = ExemplarStyle.WorkedSolution }
        : plan with { Style = ExemplarStyle.WorkedSolution, ReasoningTrigger = _trigger, FollowUp = _answerStep };
}
