using ExperimentHarness.Config;
using ExperimentHarness.Models.Hub;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Runner;

/// <summary>
/// Turns <c>model.lock: FAMILY/MEMBER</c> into the checkpoint directory <c>models fetch</c> wrote
/// (<c>ROOT/FAMILY/MEMBER</c>; ROOT = <c>model.models_dir</c>, else <c>$EH_MODELS</c>, else <c>models</c> under the
/// current directory) and fills name, family and training FLOPs from models.lock.json where the config leaves them out.
/// </summary>
public static class LockedModelResolver
{
    public static string DefaultRoot =>
        Environment.GetEnvironmentVariable("EH_MODELS") is { Length: > 0 } root ? Path.GetFullPath(root) : Path.GetFullPath("models");

    /// <summary>The family and member a <c>FAMILY/MEMBER</c> reference names (errors list what the lock has).</summary>
    public static (LockedFamily Family, LockedMember Member) Entry(string reference, string? lockFile = null)
    {
        var parts = reference.Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || parts.Any(p => p.Length == 0))
            throw new InputException($"model.lock '{reference}': expected FAMILY/MEMBER, e.g. smollm2/360M");
        var family = ModelLockReader.Read(LockLocation.Resolve(lockFile)).Family(parts[0]);
        return (family, MemberSelection.Select(family, parts[1]).Single());
    }

    public static ModelSpec Resolve(ModelSpec spec, string? lockFile = null)
    {
        if (spec.Lock is null) return spec;
        var (family, member) = Entry(spec.Lock, lockFile ?? spec.LockFile);
        var root = spec.LockRoot ?? DefaultRoot;
        var directory = MemberSelection.Directory(root, family, member);
        if (!File.Exists(Path.Combine(directory, "config.json")))
            throw new InputException($"model.lock '{spec.Lock}': no checkpoint in {directory}; fetch it with: scripts/harness models fetch {family.Name} --members {member.Name} --dir {root}");
        return spec with
        {
            Path = directory,
            Lock = null,
            LockRoot = null,
            LockFile = null,
            Name = spec.Name ?? $"{family.Name}-{member.Name}",
            Family = spec.Family ?? family.Name,
            TrainingFlops = spec.TrainingFlops ?? member.TrainingFlops,
        };
    }
}
