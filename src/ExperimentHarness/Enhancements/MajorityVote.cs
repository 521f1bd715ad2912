using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Scoring;
using static System.FormattableString;

namespace ExperimentHarness.Enhancements;

/// <summary>
/// <c>majority(n=16, temperature=0.7, top_p=1.0)</c>: draws n samples of the same prompt (the engine
/// prefills the prompt once and shares its KV cache) and submits the most frequent extracted answer.
/// Unparseable samples do not vote. Ties are broken by a seeded draw among the tied answers
/// (seed = the item's seed), so the rule is stated, reproducible and not biased towards early samples.
/// </summary>
public sealed class MajorityVote : IAnswerSelector
{
    public MajorityVote(StackElementSpec spec, int position)
    {
        var p = new ElementParameters(spec, position);
        var samples = p.Int("n", 16, 1, 4096);
        var temperature = p.Double("temperature", 0.7, 0, 100);
        var topP = p.Double("top_p", 1.0, 1e-9, 1);
        p.RejectUnknown();
        if (temperature == 0 && samples > 1)
            throw p.Error("temperature=0 makes every sample identical; majority voting needs temperature > 0");
        Draw = new SampleDraw(samples, new SamplingOverride(temperature, topP));
        Identity = new ElementIdentity("majority",
            [new("n", Invariant($"{samples}")), new("temperature", Invariant($"{temperature:R}")), new("top_p", Invariant($"{topP:R}"))]);
    }

    public ElementIdentity Identity { get; }

    public StackRole Role => StackRole.SelectsAnswer;

    public SampleDraw Draw { get; }

    public AnswerChoice Select(IReadOnlyList<ExtractedAnswer> answers, ulong tieBreakSeed) =>
        Vote(answers.Select(a => a.Value).ToList(), tieBreakSeed);

    /// <summary>The majority answer among the valid (non-null) answers, ties broken by a seeded draw.</summary>
    public static AnswerChoice Vote(IReadOnlyList<string?> answers, ulong tieBreakSeed)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in answers)
            if (a is not null) counts[a] = counts.GetValueOrDefault(a) + 1;
        if (counts.Count == 0) return AnswerChoice.None("majority");
        var top = counts.Values.Max();
        var tied = counts.Where(c => c.Value == top).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        var winner = tied.Count == 1 ? tied[0] : tied[new SplitMix64(tieBreakSeed).NextInt(tied.Count)];
        var runnerUp = tied.Count > 1 ? top : counts.Values.Where(c => c < top).DefaultIfEmpty(0).Max();
        return new AnswerChoice(winner, IndexOf(answers, winner), tied.Count == 1 ? "majority" : "majority-tie", top, runnerUp);
    }

    private static int IndexOf(IReadOnlyList<string?> answers, string value)
    {
        for (var i = 0; i < answers.Count; i++)
            if (answers[i] == value) return i;
        return -1;
    }
}
