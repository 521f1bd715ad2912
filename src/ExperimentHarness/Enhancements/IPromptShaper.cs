namespace ExperimentHarness.Enhancements;

/// <summary>Shapes what is asked of the model for an item (exemplars, their style, a reasoning trigger and its follow-up step). Pure.</summary>
public interface IPromptShaper : IStackElement
{
    ItemPlan Shape(ItemPlan plan);
}
