using YamlDotNet.RepresentationModel;

namespace ExperimentHarness.Config;

/// <summary>
/// Reads a run config YAML into a validated <see cref="RunConfig"/>. Unknown keys, missing required
/// keys and values of the wrong type are all collected and thrown together as a <see cref="ConfigException"/>.
/// Relative paths inside the file are resolved against the file's own directory.
/// </summary>
public static class RunConfigReader
{
    private static readonly string[] TopKeys = ["model", "models", "benchmark", "benchmarks", "stack", "stacks", "generation", "seed", "batch_size", "batch_rows", "output", "fit"];
    private static readonly string[] FitKeys = ["dir", "baseline", "extrapolate", "replicates"];
    private static readonly string[] ModelKeys = ["path", "init", "lock", "models_dir", "lock_file", "name", "family", "training_flops", "device", "dtype"];
    private static readonly string[] InitKeys = ["arch", "preset", "seed"];
    private static readonly string[] BenchmarkKeys = ["name", "label", "path", "split", "limit", "options", "mode"];
    private static readonly string[] Splits = ["test", "train"];
    private static readonly string[] GenerationKeys = ["max_new_tokens", "temperature", "top_p", "stop"];
    private static readonly string[] OutputKeys = ["dir"];
    private static readonly string[] Devices = ["cpu", "cuda"];
    private static readonly string[] DTypes = ["float32", "bfloat16", "float16"];

    public static RunConfig Load(string file)
    {
        var (text, full) = YamlRoot.Read(file);
        return Parse(text, full);
    }

    public static RunConfig Parse(string yaml, string file)
    {
        var problems = new List<ConfigProblem>();
        var top = YamlRoot.Top(yaml, file, problems, TopKeys);
        var baseDir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file)) ?? ".";
        var models = ReadModels(top, baseDir);
        var benchmarks = ReadBenchmarks(top, baseDir);
        var stacks = ReadStacks(top);
        var generation = ReadGeneration(top.Section("generation"));
        var seed = top.Int("seed", 0, int.MaxValue) ?? ConfigDefaults.Seed;
        var batchSize = top.Int("batch_size", 1, 4096) ?? ConfigDefaults.BatchSize;
        var batchRows = top.Int("batch_rows", 1, 65536) ?? ConfigDefaults.BatchRows;
        var outputSection = top.Section("output");
        var outputDir = outputSection?.String("dir") is { } dir
            ? System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDir, dir))
            : System.IO.Path.GetFullPath(System.IO.Path.Combine(ConfigDefaults.OutputRoot, System.IO.Path.GetFileNameWithoutExtension(file)));
        outputSection?.RejectUnknownKeys(OutputKeys);
        var fit = ReadFit(top.Section("fit"), baseDir);
        top.RejectUnknownKeys(TopKeys);

        if (problems.Count > 0 || models.Count == 0 || benchmarks.Count == 0)
            throw new ConfigException(problems);
        return new RunConfig(file, models, benchmarks[0], stacks, generation, outputDir, seed, batchSize, fit, batchRows,
            top.Has("benchmarks") ? benchmarks : null);
    }

    private static FitSpec? ReadFit(YamlSection? section, string baseDir)
    {
        if (section is null) return null;
        var dir = section.String("dir") is { } d ? System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDir, d)) : null;
        var baseline = section.OneOf("baseline", ["auto", "loglinear"]) ?? "auto";
        var extrapolate = section.OneOf("extrapolate", ["true", "false"]) == "true";
        var replicates = section.Int("replicates", 0, 1_000_000) ?? 1000;
        section.RejectUnknownKeys(FitKeys);
        return new FitSpec(dir, baseline == "loglinear", extrapolate, replicates);
    }

    /// <summary><c>model</c> (one mapping) or <c>models</c> (a list of them, for a sweep over sizes); names must be unique.</summary>
    private static IReadOnlyList<ModelSpec> ReadModels(YamlSection top, string baseDir)
    {
        if (top.Has("model") == top.Has("models"))
        {
            top.Problem("model", "exactly one of 'model' (a mapping) or 'models' (a list of mappings)", top.Has("model") ? "both" : "neither", null);
            return [];
        }
        if (top.Has("model")) return ReadModel(top.Section("model", required: true), baseDir) is { } one ? [one] : [];
        var list = top.Sequence("models");
        var models = new List<ModelSpec>();
        if (list is null || list.Children.Count == 0)
        {
            top.Problem("models", "a non-empty list of model mappings", "an empty list", list);
            return models;
        }
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (list.Children[i] is not YamlMappingNode map) { top.Problem($"models[{i}]", "a mapping", YamlSection.Describe(list.Children[i]), list.Children[i]); continue; }
            if (ReadModel(new YamlSection(top.File, $"models[{i}]", map, top.Problems), baseDir) is { } spec) models.Add(spec);
        }
        foreach (var duplicate in models.GroupBy(SweepName).Where(g => g.Count() > 1))
            top.Problem("models", "models with distinct names (set 'name' where directories share one)", $"'{duplicate.Key}' twice", list);
        return models;
    }

    /// <summary>The name a model's results go under in a sweep: its <c>name</c>, else FAMILY-MEMBER of its lock entry, its directory or init spec.</summary>
    public static string SweepName(ModelSpec m) =>
        m.Name
        ?? (m.Lock is not null ? m.Lock.Replace('/', '-')
            : m.Path is not null ? System.IO.Path.GetFileName(m.Path.TrimEnd('/'))
            : m.Init is { } init ? $"{init.Architecture}-{init.Preset}-seed{init.Seed}"
            : "model");     // only in a config already refused for naming no checkpoint

    /// <summary><c>stack</c> (one list) or <c>stacks</c> (a list of lists, e.g. [[], [cot], [cot, majority(n=8)]]); none means the empty stack.</summary>
    private static IReadOnlyList<IReadOnlyList<StackElementSpec>> ReadStacks(YamlSection top)
    {
        if (top.Has("stack") && top.Has("stacks"))
            top.Problem("stacks", "either 'stack' or 'stacks', not both", "both", null);
        if (!top.Has("stacks")) return [ReadStack(top, top.Sequence("stack"))];
        var list = top.Sequence("stacks");
        var stacks = new List<IReadOnlyList<StackElementSpec>>();
        if (list is null || list.Children.Count == 0)
        {
            top.Problem("stacks", "a non-empty list of stacks (each a list)", "an empty list", list);
            return [[]];
        }
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (list.Children[i] is YamlSequenceNode seq) stacks.Add(ReadStack(top, seq));
            else top.Problem($"stacks[{i}]", "a list of stack elements, e.g. [fewshot(k=8), cot]", YamlSection.Describe(list.Children[i]), list.Children[i]);
        }
        return stacks;
    }

    private static ModelSpec? ReadModel(YamlSection? section, string baseDir)
    {
        if (section is null) return null;
        var path = section.String("path");
        var initSection = section.Section("init");
        ModelInitSpec? init = null;
        if (initSection is not null)
        {
            var arch = initSection.String("arch", required: true);
            var preset = initSection.String("preset", required: true);
            var seed = initSection.Int("seed", 0, int.MaxValue) ?? 0;
            initSection.RejectUnknownKeys(InitKeys);
            if (arch is not null && preset is not null) init = new ModelInitSpec(arch, preset, seed);
        }
        var lockName = section.String("lock");
        var modelsDir = section.String("models_dir");
        var lockFile = section.String("lock_file");
        if (lockFile is not null && lockName is null)
            section.Problem("lock_file", "'model.lock_file' only together with 'model.lock'", "lock_file without lock", null);
        var given = new[] { path is null ? null : "path", initSection is null ? null : "init", lockName is null ? null : "lock" }.OfType<string>().ToList();
        if (given.Count != 1)
            section.Problem("path", "exactly one of 'model.path' (a checkpoint directory), 'model.init' (a self-made random checkpoint) or 'model.lock' (FAMILY/MEMBER of models.lock.json)",
                given.Count == 0 ? "none of them" : string.Join(" and ", given), null);
        if (modelsDir is not null && lockName is null)
            section.Problem("models_dir", "'model.models_dir' only together with 'model.lock'", "models_dir without lock", null);
        var device = section.OneOf("device", Devices) ?? ConfigDefaults.Device;
        var dtype = section.OneOf("dtype", DTypes) ?? ConfigDefaults.DTypeFor(device);
        var spec = new ModelSpec(
            path is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDir, path)),
            init,
            section.String("name"),
            section.String("family"),
            section.Positive("training_flops"),
            device,
            dtype,
            lockName,
            modelsDir is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDir, modelsDir)),
            LockFile: lockFile is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDir, lockFile)));
        section.RejectUnknownKeys(ModelKeys);
        return spec;
    }

    /// <summary><c>benchmark</c> (one mapping) or <c>benchmarks</c> (a list of them, each with its own split, limit and mode); labels must be unique.</summary>
    private static IReadOnlyList<BenchmarkSpec> ReadBenchmarks(YamlSection top, string baseDir)
    {
        if (top.Has("benchmark") == top.Has("benchmarks"))
        {
            top.Problem("benchmark", "exactly one of 'benchmark' (a mapping) or 'benchmarks' (a list of mappings)", top.Has("benchmark") ? "both" : "neither", null);
            return [];
        }
        if (top.Has("benchmark")) return ReadBenchmark(top.Section("benchmark", required: true), baseDir) is { } one ? [one] : [];
        var list = top.Sequence("benchmarks");
        var benchmarks = new List<BenchmarkSpec>();
        if (list is null || list.Children.Count == 0)
        {
            top.Problem("benchmarks", "a non-empty list of benchmark mappings", "an empty list", list);
            return benchmarks;
        }
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (list.Children[i] is not YamlMappingNode map) { top.Problem($"benchmarks[{i}]", "a mapping", YamlSection.Describe(list.Children[i]), list.Children[i]); continue; }
            if (ReadBenchmark(new YamlSection(top.File, $"benchmarks[{i}]", map, top.Problems), baseDir) is { } spec) benchmarks.Add(spec);
        }
        foreach (var duplicate in benchmarks.GroupBy(b => BenchmarkLabel(b, benchmarks)).Where(g => g.Count() > 1))
            top.Problem("benchmarks", "benchmarks that differ in name, split or mode, or distinct 'label's", $"'{duplicate.Key}' twice", list);
        return benchmarks;
    }

    /// <summary>The name a benchmark's results go under in a multi-benchmark sweep: its label, else its name, with split and mode where names repeat.</summary>
    public static string BenchmarkLabel(BenchmarkSpec benchmark, IReadOnlyList<BenchmarkSpec> all) =>
        benchmark.Label ?? (all.Count(b => b.Label is null && b.Name == benchmark.Name) > 1 ? $"{benchmark.Name}-{benchmark.Split}-{benchmark.Mode.Name()}" : benchmark.Name);

    private static BenchmarkSpec? ReadBenchmark(YamlSection? section, string baseDir)
    {
        if (section is null) return null;
        var name = section.String("name", required: true);
        var path = section.String("path");
        var split = section.OneOf("split", Splits) ?? ConfigDefaults.Split;
        var limit = section.Int("limit", 1, int.MaxValue);
        var options = section.ScalarMap("options");
        var mode = section.OneOf("mode", RunModes.Names) is { } m ? RunModes.Parse(m) : RunMode.Generate;
        var label = section.String("label");
        section.RejectUnknownKeys(BenchmarkKeys);
        return name is null ? null : new BenchmarkSpec(
            name,
            path is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDir, path)),
            split, limit, options, mode, label);
    }

    private static IReadOnlyList<StackElementSpec> ReadStack(YamlSection top, YamlSequenceNode? sequence)
    {
        var elements = new List<StackElementSpec>();
        if (sequence is null) return elements;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var node = sequence.Children[i];
            var key = $"stack[{i}]";
            switch (node)
            {
                case YamlScalarNode { Value: { } text }:
                    var element = StackElementSyntax.TryParse(text, out var error);
                    if (element is null) top.Problem(key, error!, $"'{text}'", node);
                    else elements.Add(element);
                    break;
                case YamlMappingNode { Children.Count: 1 } map:
                    var (nameNode, paramsNode) = map.Children.First();
                    var name = ((YamlScalarNode)nameNode).Value ?? "";
                    var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
                    if (paramsNode is YamlMappingNode paramMap)
                    {
                        foreach (var (k, v) in paramMap.Children)
                            if (v is YamlScalarNode { Value: { } value }) parameters[((YamlScalarNode)k).Value ?? ""] = value;
                            else top.Problem($"{key}.{name}.{k}", "a scalar value", YamlSection.Describe(v), v);
                    }
                    else if (paramsNode is not YamlScalarNode { Value: null or "" })
                        top.Problem($"{key}.{name}", "a mapping of parameters (or nothing)", YamlSection.Describe(paramsNode), paramsNode);
                    elements.Add(new StackElementSpec(name, parameters));
                    break;
                default:
                    top.Problem(key, "an element like 'cot', 'fewshot(k=8)' or {fewshot: {k: 8}}", YamlSection.Describe(node), node);
                    break;
            }
        }
        return elements;
    }

    private static GenerationSpec ReadGeneration(YamlSection? section)
    {
        if (section is null)
            return new GenerationSpec(ConfigDefaults.MaxNewTokens, ConfigDefaults.Temperature, ConfigDefaults.TopP, ConfigDefaults.Stop);
        var spec = new GenerationSpec(
            section.Int("max_new_tokens", 1, 1_000_000) ?? ConfigDefaults.MaxNewTokens,
            section.Double("temperature", 0, 100) ?? ConfigDefaults.Temperature,
            section.Double("top_p", double.Epsilon, 1) ?? ConfigDefaults.TopP,
            section.StringList("stop") ?? ConfigDefaults.Stop);
        section.RejectUnknownKeys(GenerationKeys);
        return spec;
    }
}
