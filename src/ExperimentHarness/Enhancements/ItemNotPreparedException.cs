namespace ExperimentHarness.Enhancements;

/// <summary>A prepared per-item shaper (retrieval) was asked for an item it was not prepared for: a caller's mistake, not the user's.</summary>
public sealed class ItemNotPreparedException(string element, string itemId)
    : InvalidOperationException($"{element}: item '{itemId}' was not among the items it was prepared for");
