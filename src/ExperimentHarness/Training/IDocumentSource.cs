namespace ExperimentHarness.Training;

/// <summary>
/// Training text as an endless, deterministic sequence of documents: document i of a split is the same on every
/// run and platform, and is computed without the ones before it (so a resumed run needs no data-loader state).
/// </summary>
public interface IDocumentSource
{
    /// <summary>Document <paramref name="index"/> of <paramref name="split"/> ("train" or "heldout").</summary>
    string Document(string split, long index);

    /// <summary>A short description for logs and family.json.</summary>
    string Describe();
}
