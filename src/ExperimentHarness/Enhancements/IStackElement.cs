namespace ExperimentHarness.Enhancements;

/// <summary>
/// One element of a stack: its identity and its place in the stack. What it does comes from the role it implements:
/// <see cref="IPromptShaper"/>, <see cref="IAnswerSelector"/> or <see cref="IScoredAnswerSelector"/>, or
/// <see cref="IPreparable"/> for an element that needs one-time work before it can do either. Elements never hold the model.
/// </summary>
public interface IStackElement
{
    ElementIdentity Identity { get; }

    StackRole Role { get; }
}
