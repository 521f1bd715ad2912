namespace ExperimentHarness.Fitter;

/// <summary>
/// One measured accuracy: a model of a family (with its pretraining compute) on a benchmark under a
/// stack ("none" = baseline). <see cref="ItemCorrect"/> (item id → correct) enables paired bootstraps;
/// <see cref="N"/> alone enables binomial intervals. Costs are optional. <see cref="Chance"/> is the task's guessing
/// rate as the input described it (null: from the benchmark name, see <see cref="ChanceRates.ForGroup"/>).
/// <see cref="StackElements"/> are the stack's elements in stack order (a run summary's <c>stack.elements</c>), which is
/// how combinations find a stack's parts; null: the stack is one element (or none, for the baseline).
/// </summary>
public sealed record ScalingPoint(
    string Family,
    string Model,
    double TrainingFlops,
    string Benchmark,
    string Stack,
    double Accuracy,
    int? N,
    IReadOnlyDictionary<string, bool>? ItemCorrect = null,
    double? OneTimeFlops = null,
    double? InferenceFlopsPerItem = null,
    ChanceRate? Chance = null,
    IReadOnlyList<string>? StackElements = null)
{
    public const string Baseline = "none";

    public double Log10Compute => Math.Log10(TrainingFlops);

    public bool IsBaseline => Stack == Baseline;

    /// <summary>The stack's elements in stack order: <see cref="StackElements"/>, or the stack as one element (none for the baseline).</summary>
    public IReadOnlyList<string> Elements => StackElements ?? (IsBaseline ? [] : [Stack]);

    /// <summary>Items answered correctly, accuracy × n rounded (exact for run summaries; published percentages are rounded); null without n.</summary>
    public int? Correct => N is { } n ? (int)Math.Round(Accuracy * n) : null;
}
