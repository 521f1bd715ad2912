using System.Text.Json;
using System.Text.Json.Nodes;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Models.Hub;

/// <summary>
/// Adds or replaces one family in models.lock.json, keeping every other family as it is, in the reader's schema
/// (<see cref="ModelLockReader"/> reads the result back). The file is replaced atomically.
/// </summary>
public static class ModelLockWriter
{
    public static void WriteFamily(string lockFile, LockedFamily family)
    {
        var root = File.Exists(lockFile)
            ? JsonNode.Parse(File.ReadAllText(lockFile)) as JsonObject ?? throw new InputException($"{lockFile}: not a JSON object")
            : new JsonObject { ["schema_version"] = 1, ["families"] = new JsonObject() };
        var families = root["families"] as JsonObject ?? throw new InputException($"{lockFile}: 'families' is not an object");
        var members = new JsonObject();
        foreach (var m in family.Members)
            members[m.Name] = new JsonObject
            {
                ["repo"] = m.Repo,
                ["revision"] = m.Revision,
                ["files"] = m.Files is null ? null : new JsonArray(m.Files.Select(f => (JsonNode)new JsonObject { ["path"] = f.Path, ["size"] = f.Size, ["sha256"] = f.Sha256 }).ToArray()),
                ["pin_null_reason"] = m.PinNullReason,
                ["params_total"] = m.ParamsTotal,
                ["params_nonembedding"] = m.ParamsNonEmbedding,
                ["training_tokens"] = m.TrainingTokens,
                ["training_tokens_note"] = m.TrainingTokensNote,
                ["training_flops"] = m.TrainingFlops,
                ["training_flops_source"] = m.TrainingFlopsSource,
                ["license"] = m.License,
            };
        families[family.Name] = new JsonObject { ["architecture"] = family.Architecture, ["description"] = family.Description, ["members"] = members };
        AtomicFile.WriteAllText(lockFile, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
