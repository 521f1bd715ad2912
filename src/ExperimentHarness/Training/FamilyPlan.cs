using System.Globalization;
using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Models;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Training;

/// <summary>
/// One model to train: its budget, shape and the optimizer steps that spend the budget by the ledger's count
/// (each step: rows × one causal forward with logits at every position, × 3 for the backward pass).
/// <see cref="Candidate"/> names the tokens-per-parameter ratio of an IsoFLOP candidate (null otherwise).
/// </summary>
public sealed record MemberPlan(string Name, string Member, double Budget, double? Ratio, ModelShape Shape, int Rows, int SequenceLength, long Steps, double StepFlops)
{
    public double Tokens => (double)Steps * Rows * SequenceLength;

    public double PlannedFlops => Steps * StepFlops;

    public bool Candidate => Name != Member;
}

/// <summary>
/// Turns the config's budgets and allocation rule into members. The ledger, not 6·N·D, decides how many tokens a budget
/// buys (attention and the logits make a tiny model's token several times dearer than 6·N), so N is chosen by search: of
/// the shapes the shape rule gives for N on a fine geometric grid, the one whose tokens D (budget ÷ the ledger's FLOPs per
/// token) meet the rule best — D/N closest to the tokens-per-parameter ratio, or D closest to the fixed token count.
/// </summary>
public static class FamilyPlan
{
    public static IReadOnlyList<MemberPlan> Make(TrainFamilyConfig config, int vocab)
    {
        var rows = config.BatchTokens / config.SequenceLength;
        var plans = new List<MemberPlan>();
        foreach (var budget in config.Budgets.Order())
        {
            var member = MemberName(budget);
            IReadOnlyList<double?> ratios = config.Allocation.Rule == AllocationRule.FixedTokens ? [null] : config.Allocation.TokensPerParameter.Select(r => (double?)r).ToList();
            foreach (var ratio in ratios)
            {
                var shape = Search(config, vocab, rows, budget, ratio);
                var stepFlops = StepFlops(shape, rows, config.SequenceLength);
                var steps = (long)Math.Floor(budget / stepFlops);
                if (steps < 1)
                    throw new InputException($"{config.SourceFile}: budget {budget:G3} FLOPs buys less than one step of {stepFlops:G3} FLOPs for member {member}; raise it or lower batch_tokens");
                var name = config.Allocation.Rule == AllocationRule.IsoFlop ? $"{member}-r{ratio!.Value.ToString(CultureInfo.InvariantCulture)}" : member;
                plans.Add(new MemberPlan(name, member, budget, ratio, shape, rows, config.SequenceLength, steps, stepFlops));
            }
        }
        return plans;
    }

    /// <summary>The budget in short scientific form: 2e11, 1.5e12.</summary>
    public static string MemberName(double budget) => budget.ToString("0.##e0", CultureInfo.InvariantCulture);

    private static ModelShape Search(TrainFamilyConfig config, int vocab, int rows, double budget, double? ratio)
    {
        ModelShape? best = null;
        var bestMiss = double.MaxValue;
        for (var n = 1e3; n < 1e10; n *= 1.02)
        {
            var shape = MemberShape.For(n, config.Shape, vocab);
            var tokens = Math.Floor(budget / StepFlops(shape, rows, config.SequenceLength)) * rows * config.SequenceLength;
            if (tokens < 1) break;
            var miss = ratio is { } r
                ? Math.Abs(Math.Log(tokens / MemberShape.NonEmbeddingParameters(shape) / r))
                : Math.Abs(Math.Log(tokens / config.Allocation.Tokens!.Value));
            if (miss < bestMiss) (best, bestMiss) = (shape, miss);
        }
        return best ?? MemberShape.For(1e3, config.Shape, vocab);
    }

    private static double StepFlops(ModelShape shape, int rows, int sequenceLength) => new FlopLedger(shape).TrainingStep(rows, sequenceLength);
}
