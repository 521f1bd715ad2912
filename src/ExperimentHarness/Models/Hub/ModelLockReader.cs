using System.Text.Json;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Hub;

/// <summary>
/// Reads models.lock.json strictly: unknown fields are errors naming their JSON path, required fields
/// must be present (null allowed only where a <c>*_null_reason</c> says why).
/// </summary>
public static class ModelLockReader
{
    private static readonly string[] FamilyKeys = ["architecture", "description", "members"];
    private static readonly string[] MemberKeys = ["repo", "revision", "files", "pin_null_reason", "params_total", "params_nonembedding",
        "training_tokens", "training_tokens_note", "training_flops", "training_flops_source", "license"];

    public static ModelLock Read(string file)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"lock file not found: {file}", file);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var root = doc.RootElement;
            Only(root, ["schema_version", "families"], file, "$");
            var families = root.GetProperty("families").EnumerateObject().Select(f =>
            {
                Only(f.Value, FamilyKeys, file, $"families.{f.Name}");
                HubFileName.CheckSegment(f.Name, $"{file}: families.{f.Name}");
                var members = f.Value.GetProperty("members").EnumerateObject().Select(m => Member(m, file, $"families.{f.Name}.members.{m.Name}")).ToList();
                return new LockedFamily(f.Name, f.Value.GetProperty("architecture").GetString()!, f.Value.GetProperty("description").GetString()!, members);
            }).ToList();
            return new ModelLock(root.GetProperty("schema_version").GetInt32(), families);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InputException($"{file}: invalid lock file ({ex.Message})", ex);
        }
    }

    private static LockedMember Member(JsonProperty m, string file, string path)
    {
        var v = m.Value;
        Only(v, MemberKeys, file, path);
        HubFileName.CheckSegment(m.Name, $"{file}: {path}");
        HubFileName.Check(v.GetProperty("repo").GetString(), $"{file}: {path}.repo");
        var revision = NullableString(v, "revision");
        if (revision is not null) HubFileName.CheckSegment(revision, $"{file}: {path}.revision");
        IReadOnlyList<LockedFile>? files = v.GetProperty("files").ValueKind == JsonValueKind.Null ? null
            : v.GetProperty("files").EnumerateArray().Select((f, i) => new LockedFile(
                HubFileName.Check(f.GetProperty("path").GetString(), $"{file}: {path}.files[{i}].path"),
                f.GetProperty("size").GetInt64(), f.GetProperty("sha256").GetString()!)).ToList();
        var reason = NullableString(v, "pin_null_reason");
        if ((revision is null || files is null) && reason is null)
            throw new InputException($"{file}: {path}: revision or files is null without a 'pin_null_reason'");
        var flops = NullableNumber(v, "training_flops");
        if (flops is not null && NullableString(v, "training_flops_source") is null)
            throw new InputException($"{file}: {path}: training_flops needs a 'training_flops_source' (6*N*D or the publisher's figure)");
        return new LockedMember(m.Name, v.GetProperty("repo").GetString()!, revision, files, reason,
            NullableNumber(v, "params_total"), NullableNumber(v, "params_nonembedding"), NullableNumber(v, "training_tokens"),
            NullableString(v, "training_tokens_note"), flops, NullableString(v, "training_flops_source"), NullableString(v, "license"));
    }

    private static void Only(JsonElement element, string[] allowed, string file, string path)
    {
        foreach (var p in element.EnumerateObject())
            if (!allowed.Contains(p.Name))
                throw new InputException($"{file}: unknown field '{path}.{p.Name}' (allowed: {string.Join(", ", allowed)})");
        foreach (var key in allowed)
            if (!element.TryGetProperty(key, out _))
                throw new InputException($"{file}: missing field '{path}.{key}' (use null with a reason where a fact is unknown)");
    }

    private static string? NullableString(JsonElement e, string key) => e.GetProperty(key).ValueKind == JsonValueKind.Null ? null : e.GetProperty(key).GetString();

    private static double? NullableNumber(JsonElement e, string key) => e.GetProperty(key).ValueKind == JsonValueKind.Null ? null : e.GetProperty(key).GetDouble();
}
