using System.Globalization;
using System.Text.Json;
using ExperimentHarness.Config;
using ExperimentHarness.Models;
using ExperimentHarness.Models.Checkpoints;
using ExperimentHarness.Models.Hub;
using ExperimentHarness.Models.Tokenization;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Training;

/// <summary>One finished member of a family, as family.json and the lock record it (<see cref="Directory"/> relative to the models directory).</summary>
public sealed record FamilyMember(
    string Name, string Directory, double Budget, double? TokensPerParameter, int Layers, int Hidden, int Heads, int MlpWidth, int Vocab,
    double ParamsTotal, double ParamsNonEmbedding, double Tokens, long Steps, double TrainingFlops, double SixNd, double HeldOutLoss,
    double Seconds, IReadOnlyList<HeldOutPoint> Log, IReadOnlyList<FamilyCandidate> Candidates);

/// <summary>An IsoFLOP candidate: one tokens-per-parameter ratio at a budget, and the held-out loss it reached.</summary>
public sealed record FamilyCandidate(string Name, double TokensPerParameter, double ParamsNonEmbedding, double HeldOutLoss);

/// <summary>
/// <c>train-family</c>: learns the family's BPE on its corpus, plans the members, trains (or resumes) each, saves each
/// as a Hugging Face checkpoint under MODELS_DIR/FAMILY/MEMBER (config.json, model.safetensors, tokenizer.json and its
/// training_log.jsonl) and records the family in family.json and in the lock file (files with sha256, N total and
/// non-embedding, D, and the ledger's training FLOPs with source "measured"). Resumable state lives in
/// MODELS_DIR/FAMILY/.train. A member directory that exists is reused only when it came from the same config text.
/// </summary>
public sealed class FamilyTrainer(TrainFamilyConfig config)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string FamilyDirectory => Path.Combine(config.ModelsRoot, config.Family);

    public IReadOnlyList<FamilyMember> Run(Action<string> say, Action<TrainingProgress> progress, CancellationToken ct)
    {
        // The config text plus what the command line may override: the same text trained with --seed is another family.
        var configHash = ContentHash.Of(File.ReadAllText(config.SourceFile), config.Family, config.Seed.ToString(CultureInfo.InvariantCulture));
        var stateRoot = Path.Combine(FamilyDirectory, ".train");
        Directory.CreateDirectory(stateRoot);
        var guard = new TestSetGuard(config.Corpus);
        IDocumentSource documents = config.Corpus.Kind == CorpusKind.Arith
            ? new ArithDocuments(config.Corpus, guard)
            : new TextFileDocuments(config.Corpus.Files, guard);
        say($"corpus: {documents.Describe()}; kept out: {guard.Description}");

        var tokenizerFile = Path.Combine(stateRoot, "tokenizer.json");
        var sample = Enumerable.Range(0, config.Tokenizer.SampleDocuments).Select(i => documents.Document("train", i));
        var endOfText = ByteLevelBpeTrainer.WriteTokenizerJson(tokenizerFile, sample, config.Tokenizer.Merges, config.Tokenizer.SplitDigits);
        var tokenizer = TokenizerFile.Load(tokenizerFile, [endOfText]);
        var vocab = endOfText + 1;
        say($"tokenizer: byte-level BPE, {config.Tokenizer.Merges} merges{(config.Tokenizer.SplitDigits ? ", digits split" : "")}, vocabulary {vocab}");

        var plans = FamilyPlan.Make(config, vocab);
        foreach (var p in plans)
            say(string.Create(CultureInfo.InvariantCulture,
                $"plan {p.Name}: L={p.Shape.Layers} d={p.Shape.Hidden} h={p.Shape.Heads} f={p.Shape.MlpWidth}, N={MemberShape.NonEmbeddingParameters(p.Shape):N0} non-embedding ({MemberShape.TotalParameters(p.Shape):N0} total), {p.Steps} steps, D={p.Tokens:G3} tokens, {p.PlannedFlops:G3} of {p.Budget:G3} FLOPs"));

        var rows = new PackedRows(documents, tokenizer, endOfText, config.SequenceLength);
        var trainer = new MemberTrainer(config, rows, tokenizerFile, endOfText);
        var members = new List<FamilyMember>();
        foreach (var group in plans.GroupBy(p => p.Member))
        {
            var memberDirectory = Path.Combine(FamilyDirectory, group.Key);
            if (FinishedMember(memberDirectory, configHash) is { } done)
            {
                say($"member {group.Key}: already trained from this config ({memberDirectory})");
                members.Add(done);
                continue;
            }
            var trained = group.Select(plan => trainer.Train(plan, Path.Combine(stateRoot, plan.Name), progress, ct)).ToList();
            var best = trained.MinBy(t => t.FinalHeldOutLoss)!;
            var candidates = trained.Count > 1
                ? trained.Select(t => new FamilyCandidate(t.Plan.Name, t.Plan.Ratio!.Value, MemberShape.NonEmbeddingParameters(t.Plan.Shape), t.FinalHeldOutLoss)).ToList()
                : [];
            var member = Describe(best, Path.GetRelativePath(config.ModelsRoot, memberDirectory), candidates);
            WriteMember(best, Path.Combine(stateRoot, best.Plan.Name), memberDirectory, member, configHash);
            say(string.Create(CultureInfo.InvariantCulture, $"member {group.Key}: held-out loss {member.HeldOutLoss:F4}, {member.TrainingFlops:G3} FLOPs (6ND {member.SixNd:G3}), {member.Seconds:F0} s"));
            members.Add(member);
        }
        WriteFamily(members, documents, guard, configHash);
        return members;
    }

    private FamilyMember Describe(TrainedModel trained, string directory, IReadOnlyList<FamilyCandidate> candidates)
    {
        var (plan, state) = (trained.Plan, trained.State);
        var n = MemberShape.NonEmbeddingParameters(plan.Shape);
        var tokens = (double)state.Step * plan.Rows * plan.SequenceLength;
        return new FamilyMember(plan.Member, directory, plan.Budget, plan.Ratio, plan.Shape.Layers, plan.Shape.Hidden, plan.Shape.Heads, plan.Shape.MlpWidth,
            plan.Shape.Vocab, MemberShape.TotalParameters(plan.Shape), n, tokens, state.Step, state.Flops, ShapeFreeFlops.SixNd(n, tokens), trained.FinalHeldOutLoss,
            state.Seconds, state.Log, candidates);
    }

    /// <summary>The member checkpoint, written beside its final place and renamed into it.</summary>
    private void WriteMember(TrainedModel trained, string stateDirectory, string memberDirectory, FamilyMember member, string configHash)
    {
        var staging = memberDirectory + ".partial";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        File.Copy(Path.Combine(stateDirectory, "config.json"), Path.Combine(staging, "config.json"));
        File.Copy(Path.Combine(stateDirectory, "tokenizer.json"), Path.Combine(staging, "tokenizer.json"));
        RewriteWeights(Path.Combine(stateDirectory, "model.safetensors"), Path.Combine(staging, "model.safetensors"), new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["family"] = config.Family,
            ["member"] = member.Name,
            ["trained_by"] = $"ExperimentHarness train-family --config {Path.GetFileName(config.SourceFile)} (config hash {configHash})",
            ["seed"] = config.Seed.ToString(CultureInfo.InvariantCulture),
            ["steps"] = member.Steps.ToString(CultureInfo.InvariantCulture),
            ["training_flops"] = member.TrainingFlops.ToString("R", CultureInfo.InvariantCulture),
        });
        File.WriteAllLines(Path.Combine(staging, "training_log.jsonl"), member.Log.Select(p => JsonSerializer.Serialize(p, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })));
        File.WriteAllText(Path.Combine(staging, "member.json"), JsonSerializer.Serialize(new { config_sha256 = configHash, member }, Json));
        if (Directory.Exists(memberDirectory)) Directory.Delete(memberDirectory, recursive: true);
        Directory.Move(staging, memberDirectory);
    }

    /// <summary>Copies the state's weights with the member's provenance in the safetensors metadata (the tensors are unchanged).</summary>
    private static void RewriteWeights(string source, string target, IReadOnlyDictionary<string, string> metadata)
    {
        using var tensors = new CheckpointTensors(Path.GetDirectoryName(source)!);
        using var scope = TorchSharp.torch.NewDisposeScope();
        SafetensorsWriter.Write(target, tensors.Entries.Select(e => e.Name).Order(StringComparer.Ordinal).Select(name => (name, tensors.Read(name))), metadata);
    }

    private FamilyMember? FinishedMember(string directory, string configHash)
    {
        var file = Path.Combine(directory, "member.json");
        if (!File.Exists(file)) return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        if (doc.RootElement.GetProperty("config_sha256").GetString() != configHash)
            throw new InputException($"{directory} holds a member trained from a different config; move it away or use another models_dir/family");
        return doc.RootElement.GetProperty("member").Deserialize<FamilyMember>(Json);
    }

    private void WriteFamily(IReadOnlyList<FamilyMember> members, IDocumentSource documents, TestSetGuard guard, string configHash)
    {
        var family = new
        {
            family = config.Family,
            config = Path.GetFileName(config.SourceFile),
            config_sha256 = configHash,
            seed = config.Seed,
            corpus = documents.Describe(),
            kept_out = guard.Description,
            allocation = config.Allocation,
            sequence_length = config.SequenceLength,
            batch_tokens = config.BatchTokens,
            optimizer = config.Optimizer,
            device = config.Device,
            dtype = config.DType,
            parameter_count = "N = non-embedding parameters (the tied embedding is counted in params_total only)",
            training_flops_source = "measured: the FLOP ledger's count of every optimizer step (3 x a causal forward with logits at every position, attention included)",
            members,
        };
        AtomicFile.WriteAllText(Path.Combine(FamilyDirectory, "family.json"), JsonSerializer.Serialize(family, Json) + "\n");
        ModelLockWriter.WriteFamily(config.LockFile, new LockedFamily(config.Family, "llama",
            $"Self-trained on {documents.Describe()} by scripts/harness train-family --config {Path.GetFileName(config.SourceFile)}",
            members.Select(m => LockEntry(m, configHash)).ToList()));
    }

    private LockedMember LockEntry(FamilyMember m, string configHash)
    {
        var files = new[] { "config.json", "model.safetensors", "tokenizer.json", "training_log.jsonl" }
            .Select(f => Path.Combine(config.ModelsRoot, m.Directory, f))
            .Select(f => new LockedFile(Path.GetFileName(f), new FileInfo(f).Length, ContentHash.OfFile(f))).ToList();
        return new LockedMember(m.Name, LocalFamily.Repo(config.Family), $"config-hash:{configHash}", files, null, m.ParamsTotal, m.ParamsNonEmbedding, m.Tokens,
            $"{m.Steps} steps x {config.BatchTokens} tokens", m.TrainingFlops, "measured (FLOP ledger, train-family)", null);
    }
}
