using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Hub;

/// <summary>One pinned file of a checkpoint: its path in the repository, size in bytes and sha256.</summary>
public sealed record LockedFile(string Path, long Size, string Sha256);

/// <summary>
/// One family member as pinned in models.lock.json. Facts that are not published (or could not be
/// checked) are null with a reason, never guessed.
/// </summary>
public sealed record LockedMember(
    string Name,
    string Repo,
    string? Revision,
    IReadOnlyList<LockedFile>? Files,
    string? PinNullReason,
    double? ParamsTotal,
    double? ParamsNonEmbedding,
    double? TrainingTokens,
    string? TrainingTokensNote,
    double? TrainingFlops,
    string? TrainingFlopsSource,
    string? License)
{
    public bool IsPinned => Revision is not null && Files is { Count: > 0 };
}

public sealed record LockedFamily(string Name, string Architecture, string Description, IReadOnlyList<LockedMember> Members);

public sealed record ModelLock(int SchemaVersion, IReadOnlyList<LockedFamily> Families)
{
    public LockedFamily Family(string name) =>
        Families.FirstOrDefault(f => f.Name == name)
        ?? throw new InputException($"family '{name}' is not in the lock; families: {string.Join(", ", Families.Select(f => f.Name))}");
}
