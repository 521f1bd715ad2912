using ExperimentHarness.Config;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Runner;

/// <summary>
/// The contents of <c>summary.json</c> (snake_case on disk). The CEG fitter reads <c>model.family</c>,
/// <c>model.training_flops</c>, <c>benchmark.name</c>, <c>benchmark.chance</c>, <c>stack.id</c>, <c>n</c>, <c>accuracy</c> and
/// <c>item_correct</c>; everything else documents the run. <c>maj_at_k</c> (index k-1, strict answers) is
/// present when items drew more than one sample, with <c>maj_at_k_fit</c>
/// (ceiling, at_one, exponent of acc(k) = ceiling − (ceiling − at_one)·k^−exponent) from 3 samples up.
/// <c>best_of_k</c> (index k-1, strict answers) is the verifier's best-of-k curve, present when samples carry verifier scores,
/// with <c>best_of_k_fit</c> of the same form (its ceiling is held at or above best-of-1, so a verifier worse than chance ranking shows as a flat fit). In <c>loglikelihood</c> mode, <c>strict</c> is
/// accuracy by total log-likelihood (acc) and <c>flexible</c> by log-likelihood per character (acc_norm).
/// </summary>
public sealed record RunSummary(
    SummaryModel Model,
    SummaryBenchmark Benchmark,
    SummaryStack Stack,
    RunMode Mode,
    string Cell,
    bool Complete,
    int N,
    int ItemsPlanned,
    double Accuracy,
    double[] AccuracyCi95,
    AccuracySummary Strict,
    AccuracySummary Flexible,
    IReadOnlyList<double>? MajAtK,
    Fitter.SaturatingCurve? MajAtKFit,
    IReadOnlyList<double>? BestOfK,
    Fitter.SaturatingCurve? BestOfKFit,
    SummaryFlops Flops,
    SummaryCosts Costs,
    IReadOnlyList<Enhancements.OneTimeWork> OneTimeWork,
    SummaryTokens Tokens,
    double WallTimeS,
    double TokensPerS,
    double FlopsPerS,
    int Seed,
    SummaryGeneration Generation,
    string ConfigFile,
    string ConfigText,
    IReadOnlyDictionary<string, string> Versions,
    IReadOnlyDictionary<string, bool> ItemCorrect,
    string WrittenUtc,
    SummaryReuse? Reuse = null);

public sealed record SummaryModel(string Name, string Path, string Sha256, string Architecture, string? Family, double? TrainingFlops, string Device, string Dtype);

/// <summary>
/// The benchmark of a cell. <see cref="AnswerFormat"/> is what its answers are (log-likelihood mode: always multiple
/// choice) and <see cref="Chance"/> the accuracy of guessing over the cell's items (1/k averaged over items, 1/2, or 0;
/// Fitter/ChanceRates.cs), which the CEG fitter uses as the floor of the baseline curve; null only for multiple choice
/// without option counts.
/// </summary>
public sealed record SummaryBenchmark(string Name, string Split, int ItemsAvailable, int? Limit, Scoring.AnswerKind AnswerFormat, double? Chance);

public sealed record SummaryStack(string Id, string Hash, IReadOnlyList<string> Elements);

/// <summary>
/// Inference FLOPs actually executed for these items in this store and canonical (see DESIGN.md), per item, and one-time work
/// of the stack. <see cref="InferencePerItem"/> (the CEG cost) adds the executed FLOPs attributed to reused samples
/// (<see cref="SummaryReuse.FlopsExecutedAttributed"/>), so a stack's cost does not depend on which cell ran first.
/// </summary>
public sealed record SummaryFlops(double InferenceTotal, double InferenceTotalCanonical, double InferencePerItem, double OneTime);

/// <summary>
/// Samples taken from other cells of the store instead of generated (majority(n=4) after majority(n=2) at the same settings):
/// how many of all samples, their share of the canonical FLOPs, and the executed FLOPs attributed to them (what generating
/// them with the rest of their item would have added, at that generation's executed-to-canonical ratio; none of it ran for this cell).
/// </summary>
public sealed record SummaryReuse(int SamplesReused, int Samples, double FlopsCanonical, double FlopsExecutedAttributed);

public sealed record SummaryTokens(long Prompt, long Generated);

/// <summary>
/// The paper's two cost columns. One-time FLOPs as a fraction of pretraining (null when the model's
/// training FLOPs are unknown). Inference as a multiple of the baseline, estimated per item as the
/// ledger's canonical cost of the zero-shot prompt with one completion of this run's mean sample length
/// (<see cref="BaselineBasis"/>); <c>fit --results</c> recomputes it from a measured baseline run when there is one.
/// </summary>
public sealed record SummaryCosts(double OneTimeFlops, double? OneTimeFractionOfPretraining, double InferenceFlopsPerItem,
    double BaselineInferenceFlopsPerItem, double InferenceMultiple, string BaselineBasis);

/// <summary>
/// The generation settings the samples were drawn with: <see cref="Temperature"/> and <see cref="TopP"/> are the stack's
/// selector's where it has one (e.g. <c>majority(temperature=0.5)</c>), named in <see cref="SamplingFrom"/>, else the
/// config's (<c>generation</c>).
/// </summary>
public sealed record SummaryGeneration(int MaxNewTokens, double Temperature, double TopP, IReadOnlyList<string> Stop, int BatchSize, int BatchRows,
    string SamplingFrom = "generation");
