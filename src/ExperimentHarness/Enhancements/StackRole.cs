namespace ExperimentHarness.Enhancements;

/// <summary>
/// Where an element sits in a stack, in canonical order: first the element choosing the exemplars (at most one), then the
/// prompt format, then the selector choosing the submitted answer from the samples (at most one). A stack written in
/// another order is put in this order, so it is one cell whatever order the config wrote.
/// </summary>
public enum StackRole
{
    ChoosesExemplars = 0,
    FormatsPrompt = 1,
    SelectsAnswer = 2,
}
