namespace ExperimentHarness.Config;

/// <summary>
/// A validated <c>train-family</c> config: one family of Llama-architecture members, one per training-compute
/// budget, sized by <see cref="Allocation"/> and <see cref="Shape"/>, trained on one corpus with one tokenizer.
/// Built only by <see cref="TrainFamilyConfigReader"/>.
/// </summary>
public sealed record TrainFamilyConfig(
    string SourceFile,
    string Family,
    IReadOnlyList<double> Budgets,
    AllocationSpec Allocation,
    ShapeRuleSpec Shape,
    CorpusSpec Corpus,
    TokenizerTrainingSpec Tokenizer,
    OptimizerSpec Optimizer,
    int BatchTokens,
    int SequenceLength,
    int Seed,
    string Device,
    string DType,
    int CheckpointEvery,
    int EvalEvery,
    int EvalTokens,
    string ModelsRoot,
    string LockFile);

public enum AllocationRule
{
    /// <summary>D = r·N (Hoffmann et al.: r ≈ 20), so C ≈ 6·r·N²: N = √(C / 6r).</summary>
    ComputeOptimal,

    /// <summary>The same token count D for every member (Pythia-style); N from C ≈ 6·N·D.</summary>
    FixedTokens,

    /// <summary>Per budget one member for each tokens-per-parameter ratio; the lowest held-out loss is kept (an IsoFLOP profile).</summary>
    IsoFlop,
}

/// <summary>How a budget is split between parameters N (non-embedding) and tokens D.</summary>
public sealed record AllocationSpec(AllocationRule Rule, IReadOnlyList<double> TokensPerParameter, double? Tokens);

/// <summary>
/// N (non-embedding parameters) → shape: layers L = max(<see cref="MinLayers"/>, round(∛(N / (12·a²)))) with
/// a = <see cref="AspectRatio"/> = d/L, then d = √(N / (12·L)) rounded to a multiple of <see cref="HeadDim"/>,
/// h = d / head_dim heads (no grouping), MLP width ≈ 8d/3 rounded to a multiple of 16.
/// </summary>
public sealed record ShapeRuleSpec(int AspectRatio, int HeadDim, int MinLayers);

public enum CorpusKind { Arith, Files }

/// <summary>
/// The training text. <c>arith</c>: procedural problems of <see cref="MinSteps"/>..<see cref="MaxSteps"/> steps rendered
/// as documents in the harness's prompt format — a share <see cref="WorkedShare"/> with worked solutions, a share
/// <see cref="FewShotShare"/> as blocks of <see cref="FewShotK"/> problems; <c>files</c>: the user's text/JSONL files.
/// Either way, no document may contain a question of the arith test split (<see cref="GuardSeed"/>, steps,
/// the first <see cref="GuardTestSize"/> items).
/// </summary>
public sealed record CorpusSpec(
    CorpusKind Kind,
    int ArithSeed,
    int MinSteps,
    int MaxSteps,
    double WorkedShare,
    double FewShotShare,
    int FewShotK,
    IReadOnlyList<string> Files,
    int GuardSeed,
    int GuardTestSize);

public sealed record TokenizerTrainingSpec(int Merges, bool SplitDigits, int SampleDocuments);

/// <summary>AdamW with linear warm-up and cosine decay to <see cref="MinLrRatio"/>·lr; gradients clipped to a global norm.</summary>
public sealed record OptimizerSpec(
    double LearningRate,
    double Beta1,
    double Beta2,
    double WeightDecay,
    double GradientClip,
    double WarmupShare,
    double MinLrRatio);
