namespace ExperimentHarness.Config;

/// <summary>
/// A validated run config. Built only by <see cref="RunConfigReader"/>; defaults live in <see cref="ConfigDefaults"/>.
/// Its plan is every benchmark × every model × every stack (a single <c>benchmark</c>/<c>model</c>/<c>stack</c> is a list of one).
/// <see cref="Benchmark"/> is the first benchmark; <see cref="BenchmarkList"/> is set only by a <c>benchmarks:</c> list.
/// <see cref="BatchRows"/> is the run's one device-memory budget (<c>batch_rows</c>), shared by every model's device work.
/// </summary>
public sealed record RunConfig(
    string SourceFile,
    IReadOnlyList<ModelSpec> Models,
    BenchmarkSpec Benchmark,
    IReadOnlyList<IReadOnlyList<StackElementSpec>> Stacks,
    GenerationSpec Generation,
    string OutputDirectory,
    int Seed,
    int BatchSize,
    FitSpec? Fit = null,
    int BatchRows = ConfigDefaults.BatchRows,
    IReadOnlyList<BenchmarkSpec>? BenchmarkList = null)
{
    public IReadOnlyList<BenchmarkSpec> Benchmarks => BenchmarkList ?? [Benchmark];

    public ModelSpec Model => Models[0];

    public IReadOnlyList<StackElementSpec> Stack => Stacks[0];

    public bool IsSweep => Models.Count > 1 || Stacks.Count > 1 || Benchmarks.Count > 1;
}

/// <summary>
/// Which checkpoint to run. Exactly one of <see cref="Path"/> (a Hugging Face checkpoint directory),
/// <see cref="Init"/> (a random-initialised checkpoint the harness makes and caches) or <see cref="Lock"/>
/// (<c>FAMILY/MEMBER</c> of models.lock.json, fetched under <see cref="LockRoot"/>) is set.
/// <see cref="Family"/> and <see cref="TrainingFlops"/> feed the CEG fitter.
/// </summary>
public sealed record ModelSpec(
    string? Path,
    ModelInitSpec? Init,
    string? Name,
    string? Family,
    double? TrainingFlops,
    string Device,
    string DType,
    string? Lock = null,
    string? LockRoot = null,
    string? LockFile = null);

public sealed record ModelInitSpec(string Architecture, string Preset, int Seed);

/// <summary>
/// A benchmark by name, its data location (null: generated or built in), split, item limit, suite options,
/// and how items are answered (<see cref="RunMode"/>). <see cref="Label"/> names it in a multi-benchmark sweep.
/// </summary>
public sealed record BenchmarkSpec(
    string Name,
    string? Path,
    string Split,
    int? Limit,
    IReadOnlyDictionary<string, string> Options,
    RunMode Mode = RunMode.Generate,
    string? Label = null);

/// <summary>One element of an enhancement stack as written in YAML: a name and its parameters.</summary>
public sealed record StackElementSpec(string Name, IReadOnlyDictionary<string, string> Parameters)
{
    public override string ToString() =>
        Parameters.Count == 0 ? Name : $"{Name}({string.Join(", ", Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))})";
}

public sealed record GenerationSpec(
    int MaxNewTokens,
    double Temperature,
    double TopP,
    IReadOnlyList<string> Stop);

/// <summary>
/// <c>fit:</c> in a run config: after the sweep, fit CEG on its summaries (as <c>fit --results</c> does) into
/// <see cref="Directory"/> (null: OUTPUT/fit), with the seed paper's log-linear baseline when <see cref="LogLinear"/>.
/// </summary>
public sealed record FitSpec(string? Directory, bool LogLinear, bool Extrapolate, int Replicates);
