using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Training;

/// <summary>
/// The procedural arith problems rendered as documents in the harness's own prompt format, so that what the
/// enhancements show a model at test time is what it saw in training:
/// <list type="bullet">
/// <item>a single problem answered directly: <c>Problem: Q\nAnswer: The answer is N.</c> (the zero-shot prompt's completion);</item>
/// <item>a single problem worked out after the zero-shot CoT trigger, closed as zero-shot CoT's answer step asks:
/// <c>Answer: {trigger} {steps}\nSo the answer is N.</c>;</item>
/// <item>a block of k problems separated by blank lines, all direct or all worked (without the trigger), as few-shot and
/// few-shot CoT prompts show exemplars.</item>
/// </list>
/// Document i draws its kind and its problems from a generator seeded by (corpus seed, split, i); problem difficulty is
/// uniform over the configured steps. Problems that are questions of the test split are skipped (<see cref="TestSetGuard"/>).
/// </summary>
public sealed class ArithDocuments(CorpusSpec spec, TestSetGuard guard) : IDocumentSource
{
    public string Document(string split, long index)
    {
        var rng = new SplitMix64(ContentHash.Seed("arith-corpus/v1", spec.ArithSeed.ToString(System.Globalization.CultureInfo.InvariantCulture), split, index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var worked = Draw(rng) < spec.WorkedShare;
        var count = Draw(rng) < spec.FewShotShare ? spec.FewShotK : 1;
        var problems = new List<BenchmarkItem>(count);
        var slot = 0L;
        while (problems.Count < count)
        {
            var steps = spec.MinSteps + rng.NextInt(spec.MaxSteps - spec.MinSteps + 1);
            // Problems of document i use stream indices i·64 + slot: disjoint between documents, endless per document.
            var problem = ArithSource.ProblemAt(spec.ArithSeed, steps, "corpus-" + split, index * 64 + slot++);
            if (!guard.IsTestQuestion(problem.Question)) problems.Add(problem);
        }
        if (count == 1 && worked)
            return $"{PromptFormat.QuestionLabel} {problems[0].Question}\n{PromptFormat.AnswerLabel} {ChainOfThought.DefaultTrigger} {ZeroShotWorked(problems[0])}";
        var style = worked ? ExemplarStyle.WorkedSolution : ExemplarStyle.AnswerOnly;
        return string.Join("\n\n", problems.Select(p => $"{PromptFormat.QuestionLabel} {p.Question}\n{PromptFormat.AnswerLabel} {PromptFormat.ExemplarAnswer(p, style)}"));
    }

    /// <summary>The steps, then the answer as zero-shot CoT's second step asks for it: "…\nSo the answer is N."</summary>
    private static string ZeroShotWorked(BenchmarkItem problem)
    {
        var steps = PromptFormat.ExemplarAnswer(problem, ExemplarStyle.WorkedSolution);
        var final = PromptFormat.FinalAnswerSentence(problem.Gold);
        if (steps.EndsWith(final, StringComparison.Ordinal)) steps = steps[..^final.Length].TrimEnd();
        return $"{steps}{ChainOfThought.DefaultAnswerTrigger} {problem.Gold}.";
    }

    public string Describe() =>
        $"arith problems (seed {spec.ArithSeed}, steps {spec.MinSteps}-{spec.MaxSteps}): {spec.WorkedShare:P0} worked, {spec.FewShotShare:P0} in blocks of {spec.FewShotK}";

    private static double Draw(SplitMix64 rng) => (rng.Next() >> 11) * (1.0 / (1UL << 53));
}
