using System.Globalization;

namespace ExperimentHarness.Config;

/// <summary>
/// Reads a <c>train-family</c> YAML into a validated <see cref="TrainFamilyConfig"/>; all problems (unknown keys, missing
/// keys, wrong types, values out of range) are collected and thrown together. Relative paths are resolved against
/// the file's directory.
/// </summary>
public static class TrainFamilyConfigReader
{
    private static readonly string[] TopKeys = ["family", "architecture", "budgets", "allocation", "shape", "corpus", "tokenizer", "optimizer",
        "batch_tokens", "sequence_length", "seed", "device", "dtype", "checkpoint_every", "eval_every", "eval_tokens", "models_dir", "lock_file"];
    private static readonly string[] AllocationKeys = ["rule", "tokens_per_parameter", "tokens"];
    private static readonly string[] Rules = ["compute_optimal", "fixed_tokens", "isoflop"];
    private static readonly string[] ShapeKeys = ["aspect_ratio", "head_dim", "min_layers"];
    private static readonly string[] CorpusKeys = ["kind", "seed", "steps", "worked_share", "fewshot_share", "fewshot_k", "files", "guard"];
    private static readonly string[] GuardKeys = ["seed", "test_size"];
    private static readonly string[] TokenizerKeys = ["merges", "split_digits", "sample_documents"];
    private static readonly string[] OptimizerKeys = ["lr", "beta1", "beta2", "weight_decay", "grad_clip", "warmup_share", "min_lr_ratio"];

    public static TrainFamilyConfig Load(string file)
    {
        var (text, full) = YamlRoot.Read(file);
        return Parse(text, full);
    }

    public static TrainFamilyConfig Parse(string yaml, string file)
    {
        var problems = new List<ConfigProblem>();
        var top = YamlRoot.Top(yaml, file, problems, TopKeys);
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";

        var family = top.String("family", required: true);
        if (family is not null && !IsPlainName(family)) top.Problem("family", "a plain name (letters, digits, '.', '-', '_')", family, null);
        top.OneOf("architecture", ["llama"]);
        var budgets = Numbers(top, "budgets", 1e3, 1e24, required: true);
        if (budgets.Count > 0 && budgets.Distinct().Count() != budgets.Count) top.Problem("budgets", "distinct budgets", "a repeated value", null);
        var allocation = ReadAllocation(top.Section("allocation"));
        var shape = ReadShape(top.Section("shape"));
        var corpus = ReadCorpus(top.Section("corpus", required: true), baseDir);
        var tokenizer = ReadTokenizer(top.Section("tokenizer"));
        var optimizer = ReadOptimizer(top.Section("optimizer"));
        var batchTokens = top.Int("batch_tokens", 16, 1 << 24) ?? 1536;
        var sequenceLength = top.Int("sequence_length", 8, 65536) ?? 192;
        if (batchTokens % sequenceLength != 0)
            top.Problem("batch_tokens", $"a multiple of sequence_length ({sequenceLength})", batchTokens.ToString(CultureInfo.InvariantCulture), null);
        var seed = top.Int("seed", 0, int.MaxValue) ?? 0;
        var device = top.OneOf("device", ["cpu", "cuda"]) ?? ConfigDefaults.Device;
        var dtype = top.OneOf("dtype", ["float32", "bfloat16"]) ?? ConfigDefaults.DTypeFor(device);
        var checkpointEvery = top.Int("checkpoint_every", 1, int.MaxValue) ?? 50;
        var evalEvery = top.Int("eval_every", 1, int.MaxValue) ?? 100;
        var evalTokens = top.Int("eval_tokens", sequenceLength, int.MaxValue) ?? 16 * sequenceLength;
        var modelsDir = Path.GetFullPath(Path.Combine(baseDir, top.String("models_dir") ?? "../families"));
        var lockFile = Path.GetFullPath(Path.Combine(baseDir, top.String("lock_file") ?? "../models.lock.json"));
        top.RejectUnknownKeys(TopKeys);
        if (problems.Count > 0) throw new ConfigException(problems);
        return new TrainFamilyConfig(file, family!, budgets, allocation!, shape!, corpus!, tokenizer!, optimizer!, batchTokens, sequenceLength,
            seed, device, dtype, checkpointEvery, evalEvery, evalTokens, modelsDir, lockFile);
    }

    private static AllocationSpec? ReadAllocation(YamlSection? s)
    {
        if (s is null) return new AllocationSpec(AllocationRule.ComputeOptimal, [20], null);
        var rule = s.OneOf("rule", Rules) ?? "compute_optimal";
        var ratios = s.Has("tokens_per_parameter") ? OneOrMoreNumbers(s, "tokens_per_parameter", 0.1, 1e6) : [20.0];
        var tokens = s.Double("tokens", 1, 1e16);
        s.RejectUnknownKeys(AllocationKeys);
        switch (rule)
        {
            case "fixed_tokens" when tokens is null:
                s.Problem("tokens", "a token count (rule fixed_tokens)", "nothing", null);
                return null;
            case "fixed_tokens":
                return new AllocationSpec(AllocationRule.FixedTokens, [], tokens);
            case "isoflop" when ratios.Count < 2:
                s.Problem("tokens_per_parameter", "a list of at least two ratios (rule isoflop)", ratios.Count.ToString(CultureInfo.InvariantCulture) + " value(s)", null);
                return null;
            case "isoflop":
                return new AllocationSpec(AllocationRule.IsoFlop, ratios, null);
            default:
                if (ratios.Count != 1) s.Problem("tokens_per_parameter", "one ratio (rule compute_optimal)", $"{ratios.Count} values", null);
                if (tokens is not null) s.Problem("tokens", "no token count with rule compute_optimal", tokens.Value.ToString(CultureInfo.InvariantCulture), null);
                return new AllocationSpec(AllocationRule.ComputeOptimal, ratios, null);
        }
    }

    private static ShapeRuleSpec? ReadShape(YamlSection? s)
    {
        if (s is null) return new ShapeRuleSpec(48, 16, 2);
        var spec = new ShapeRuleSpec(s.Int("aspect_ratio", 4, 1024) ?? 48, s.Int("head_dim", 8, 256) ?? 16, s.Int("min_layers", 1, 256) ?? 2);
        s.RejectUnknownKeys(ShapeKeys);
        return spec;
    }

    private static CorpusSpec? ReadCorpus(YamlSection? s, string baseDir)
    {
        if (s is null) return null;
        var kind = s.OneOf("kind", ["arith", "files"], required: true);
        var (minSteps, maxSteps) = StepsRange(s);
        var worked = s.Double("worked_share", 0, 1) ?? 0.5;
        var fewShot = s.Double("fewshot_share", 0, 1) ?? 0.25;
        var k = s.Int("fewshot_k", 1, 64) ?? 4;
        var files = (s.StringList("files") ?? []).Select(f => Path.GetFullPath(Path.Combine(baseDir, f))).ToList();
        if (kind == "files" && files.Count == 0) s.Problem("files", "at least one text or JSONL file (kind files)", "nothing", null);
        if (kind == "arith" && files.Count > 0) s.Problem("files", "no files with kind arith", $"{files.Count} file(s)", null);
        var guard = s.Section("guard");
        var guardSeed = guard?.Int("seed", 0, int.MaxValue) ?? 0;
        var guardSize = guard?.Int("test_size", 1, 1_000_000) ?? 5000;
        guard?.RejectUnknownKeys(GuardKeys);
        var seed = s.Int("seed", 0, int.MaxValue) ?? 0;
        s.RejectUnknownKeys(CorpusKeys);
        return kind is null ? null
            : new CorpusSpec(kind == "arith" ? CorpusKind.Arith : CorpusKind.Files, seed, minSteps, maxSteps, worked, fewShot, k, files, guardSeed, guardSize);
    }

    /// <summary><c>steps: 2</c> or <c>steps: 1-3</c>.</summary>
    private static (int Min, int Max) StepsRange(YamlSection s)
    {
        var text = s.String("steps");
        if (text is null) return (1, 3);
        var parts = text.Split('-');
        var values = parts.Select(p => int.TryParse(p.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1).ToArray();
        if (parts.Length is 1 or 2 && values.All(v => v is >= 1 and <= 12) && values[0] <= values[^1]) return (values[0], values[^1]);
        s.Problem("steps", "an integer in [1, 12] or a range such as 1-3", text, null);
        return (1, 1);
    }

    private static TokenizerTrainingSpec ReadTokenizer(YamlSection? s)
    {
        if (s is null) return new TokenizerTrainingSpec(256, true, 2000);
        var spec = new TokenizerTrainingSpec(s.Int("merges", 0, 100_000) ?? 256, Bool(s, "split_digits") ?? true, s.Int("sample_documents", 1, 10_000_000) ?? 2000);
        s.RejectUnknownKeys(TokenizerKeys);
        return spec;
    }

    private static OptimizerSpec ReadOptimizer(YamlSection? s)
    {
        if (s is null) return new OptimizerSpec(3e-3, 0.9, 0.95, 0.1, 1.0, 0.05, 0.1);
        var spec = new OptimizerSpec(s.Double("lr", 1e-7, 10) ?? 3e-3, s.Double("beta1", 0, 0.99999) ?? 0.9, s.Double("beta2", 0, 0.99999) ?? 0.95,
            s.Double("weight_decay", 0, 10) ?? 0.1, s.Double("grad_clip", 0, 1e6) ?? 1.0, s.Double("warmup_share", 0, 1) ?? 0.05,
            s.Double("min_lr_ratio", 0, 1) ?? 0.1);
        s.RejectUnknownKeys(OptimizerKeys);
        return spec;
    }

    private static bool? Bool(YamlSection s, string key)
    {
        var text = s.String(key);
        if (text is null) return null;
        if (bool.TryParse(text, out var b)) return b;
        s.Problem(key, "true or false", text, null);
        return null;
    }

    private static IReadOnlyList<double> Numbers(YamlSection s, string key, double min, double max, bool required)
    {
        var items = s.StringList(key);
        if (items is null || items.Count == 0)
        {
            if (required) s.Problem(key, "a non-empty list of numbers", items is null ? "nothing" : "an empty list", null);
            return [];
        }
        var values = new List<double>();
        foreach (var item in items)
            if (double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) values.Add(v);
            else s.Problem(key, $"numbers in [{min:G3}, {max:G3}]", $"'{item}'", null);
        return values;
    }

    /// <summary>A number or a list of numbers.</summary>
    private static IReadOnlyList<double> OneOrMoreNumbers(YamlSection s, string key, double min, double max)
    {
        if (s.IsSequence(key)) return Numbers(s, key, min, max, required: true);
        return s.Double(key, min, max) is { } one ? [one] : [];
    }

    private static bool IsPlainName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') && name.Trim('.').Length > 0 && !name.Contains("..");
}
