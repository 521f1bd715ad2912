using System.Globalization;
using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Models;
using ExperimentHarness.Runner;

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

/// <summary>Turns the config's budgets and allocation rule into members (see <see cref="AllocationRule"/> and <see cref="MemberShape"/>).</summary>
public static class FamilyPlan
{
    public static IReadOnlyList<MemberPlan> Make(TrainFamilyConfig config, int vocab)
    {
        var rows = config.BatchTokens / config.SequenceLength;
        var plans = new List<MemberPlan>();
        foreach (var budget in config.Budgets.Order())
        {
            var member = MemberName(budget);
            var targets = config.Allocation.Rule switch
            {
                AllocationRule.FixedTokens => [(N: budget / (6 * config.Allocation.Tokens!.Value), Ratio: (double?)null)],
                AllocationRule.ComputeOptimal => [(Math.Sqrt(budget / (6 * config.Allocation.TokensPerParameter[0])), null)],
                _ => config.Allocation.TokensPerParameter.Select(r => (Math.Sqrt(budget / (6 * r)), (double?)r)).ToList(),
            };
            foreach (var (n, ratio) in targets)
            {
                var shape = MemberShape.For(n, config.Shape, vocab);
                var stepFlops = 3 * rows * new FlopLedger(shape).CausalPrefill(config.SequenceLength, config.SequenceLength);
                var steps = (long)Math.Floor(budget / stepFlops);
                if (steps < 1)
                    throw new InputException($"{config.SourceFile}: budget {budget:G3} FLOPs buys less than one step of {stepFlops:G3} FLOPs for member {member}; raise it or lower batch_tokens");
                var name = ratio is { } r ? $"{member}-r{r.ToString(CultureInfo.InvariantCulture)}" : member;
                plans.Add(new MemberPlan(name, member, budget, ratio, shape, rows, config.SequenceLength, steps, stepFlops));
            }
        }
        return plans;
    }

    /// <summary>The budget in short scientific form: 2e11, 1.5e12.</summary>
    public static string MemberName(double budget) => budget.ToString("0.##e0", CultureInfo.InvariantCulture);
}
