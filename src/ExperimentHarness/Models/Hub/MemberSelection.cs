using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Hub;

/// <summary>The members a command acts on: all of the family, or the comma-separated names given (unknown names are errors).</summary>
public static class MemberSelection
{
    public static IReadOnlyList<LockedMember> Select(LockedFamily family, string? members)
    {
        if (string.IsNullOrWhiteSpace(members)) return family.Members;
        var wanted = members.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = wanted.Where(w => family.Members.All(m => m.Name != w)).ToList();
        if (unknown.Count > 0)
            throw new InputException($"family '{family.Name}' has no member(s) {string.Join(", ", unknown)}; members: {string.Join(", ", family.Members.Select(m => m.Name))}");
        return family.Members.Where(m => wanted.Contains(m.Name)).ToList();
    }

    public static string Directory(string root, LockedFamily family, LockedMember member) => Path.Combine(root, family.Name, member.Name);
}
