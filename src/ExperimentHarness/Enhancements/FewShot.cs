using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using static System.FormattableString;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// <c>fewshot(k=8, seed=S)</c> or <c>fewshot(ids=a;b;c)</c>: k exemplars from the benchmark's train
/// split, drawn once per run with the seed (default: the run seed) so every item of the run sees the
/// same exemplars in the same order, or given by item id. The worked solutions are shown only when
/// <c>cot</c> is also in the stack, so direct and CoT runs with the same parameters use the same exemplars.
/// </summary>
public sealed class FewShot : IPromptShaper
{
    private readonly IReadOnlyList<BenchmarkItem> _exemplars;

    public FewShot(StackElementSpec spec, int position, StackContext context)
    {
        var p = new ElementParameters(spec, position);
        var ids = p.String("ids");
        var k = p.Int("k", 8, 1, 256);
        var seed = p.Int("seed", context.RunSeed, 0, int.MaxValue);
        p.RejectUnknown();

        var pool = context.Benchmark.Train;
        if (pool.Count == 0)
            throw p.Error($"benchmark '{context.Benchmark.Benchmark}' has no train split to draw exemplars from");
        if (ids is not null)
        {
            var byId = pool.ToDictionary(i => i.Id, StringComparer.Ordinal);
            var wanted = ids.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var missing = wanted.Where(id => !byId.ContainsKey(id)).ToList();
            if (missing.Count > 0) throw p.Error($"exemplar id(s) not in the train split: {string.Join(", ", missing)}");
            _exemplars = wanted.Select(id => byId[id]).ToList();
            Identity = new ElementIdentity("fewshot", [new("ids", string.Join(';', wanted))]);
        }
        else
        {
            if (k > pool.Count) throw p.Error($"k={k} exceeds the {pool.Count} train items");
            _exemplars = new SplitMix64((ulong)seed).Sample(pool.Count, k).Select(i => pool[i]).ToList();
            Identity = new ElementIdentity("fewshot", [new("k", Invariant($"{k}")), new("seed", Invariant($"{seed}"))]);
        }
    }

    public ElementIdentity Identity { get; }

    public StackRole Role => StackRole.ChoosesExemplars;

    public IReadOnlyList<BenchmarkItem> Exemplars => _exemplars;

    public ItemPlan Shape(ItemPlan plan) =>
        plan with { Exemplars = _exemplars.Where(e => e.Posed != plan.Item.Posed).ToList() };
}
