using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Runner;
using ExperimentHarness.Scoring;
using ExperimentHarness.Foundation;

namespace ExperimentHarness.Tests.Support;

/// <summary>A benchmark of "What is a + b?" items with a train split, scored by <see cref="LastNumberScorer"/>.</summary>
public sealed class FakeBenchmarkLoader(int testItems = 10) : IBenchmarkLoader
{
    public BenchmarkSplits Load(BenchmarkRequest request) => new(request.Name,
        Enumerable.Range(0, 30).Select(i => new BenchmarkItem($"train-{i}", $"What is {i} + {i}?", $"{2 * i}")).ToList(),
        Enumerable.Range(0, testItems).Select(i => new BenchmarkItem($"test-{i}", $"What is {i} + 100?", $"{i + 100}")).ToList());

    public ITaskScorer ScorerFor(string task) => new LastNumberScorer();
}

public sealed class FakeModelLoader(IGenerationEngine engine, IContinuationScorer? scorer = null,
    ExperimentHarness.Enhancements.ITextEmbedder? embedder = null) : IModelLoader
{
    public ILoadedModel Load(ModelSpec spec, int batchRows, CancellationToken ct) => new Loaded(engine, scorer, spec, embedder ?? new DigitEmbedder());

    private sealed class Loaded(IGenerationEngine engine, IContinuationScorer? scorer, ModelSpec spec,
        ExperimentHarness.Enhancements.ITextEmbedder embedder) : ILoadedModel
    {
        public ModelIdentity Identity { get; } = new(spec.Name ?? Path.GetFileName(spec.Path ?? "init"), spec.Path ?? "init",
            ContentHash.Of(spec.Path ?? "init"), "fake", spec.Family, spec.TrainingFlops, spec.Device, spec.DType);
        public IGenerationEngine Engine => engine;
        public IContinuationScorer Scorer => scorer ?? throw new InvalidOperationException("no scorer scripted");
        public IInferenceCostModel CostModel { get; } = new PromptLengthCostModel();
        public ExperimentHarness.Enhancements.ITextEmbedder Embedder => embedder;
        public ExperimentHarness.Enhancements.INearestNeighbourSearch NeighbourSearch { get; } = new ExperimentHarness.Enhancements.ExactCosineSearch();
        public ExperimentHarness.Enhancements.IVerifierFineTuner? FineTuner => null;
        public ExperimentHarness.Enhancements.ITextEmbedder LoadEmbedder(string directory) => new DigitEmbedder();
        public ExperimentHarness.Enhancements.IVerifierHeadTrainer HeadTrainer { get; } = new ExperimentHarness.Engine.LogisticHeadTrainer();
        public void Dispose() { }
    }
}

public sealed class CapturingConsole : IConsoleOutput
{
    public List<string> Lines { get; } = [];
    public List<string> Errors { get; } = [];
    public void WriteLine(string line) { lock (Lines) Lines.Add(line); }
    public void WriteError(string line) { lock (Errors) Errors.Add(line); }
}

/// <summary>Baseline cost = 1 FLOP per prompt character + 1 per generated token: easy to check by hand. Samples cost 10 each, as <see cref="ScriptedEngine"/> charges them.</summary>
public sealed class PromptLengthCostModel : IInferenceCostModel
{
    public double BaselineFlops(string zeroShotPrompt, int generatedTokens) => zeroShotPrompt.Length + generatedTokens;

    public CanonicalGeneration Samples(int promptTokens, IReadOnlyList<int> generatedTokens) =>
        new(generatedTokens.Select(_ => 10.0).ToList(), 10.0 * generatedTokens.Count);
}

/// <summary>Embeds a text as the unit vector of its first number's digits pattern: texts with the same first number are identical, 1 FLOP each.</summary>
public sealed class DigitEmbedder : ExperimentHarness.Enhancements.ITextEmbedder
{
    public int Calls { get; private set; }

    public string Identity => "digits";

    public (IReadOnlyList<float[]> Vectors, IReadOnlyList<Flops> Flops) Embed(IReadOnlyList<string> texts, CancellationToken ct)
    {
        Calls += texts.Count;
        var vectors = texts.Select(t =>
        {
            var digits = new string(t.SkipWhile(c => !char.IsDigit(c)).TakeWhile(char.IsDigit).ToArray());
            var n = digits.Length == 0 ? 0 : int.Parse(digits);
            var angle = n / 100.0;      // nearby numbers point in nearby directions
            return new[] { (float)Math.Cos(angle), (float)Math.Sin(angle) };
        }).ToList();
        return (vectors, texts.Select(_ => Flops.Same(1)).ToList());
    }
}

/// <summary>Embeds a text by whether its last number is 1 (the scripted wrong answer): a verifier head can learn to tell right from wrong.</summary>
public sealed class LastNumberIsOneEmbedder : ExperimentHarness.Enhancements.ITextEmbedder
{
    public string Identity => "last-number-is-one";

    public (IReadOnlyList<float[]> Vectors, IReadOnlyList<Flops> Flops) Embed(IReadOnlyList<string> texts, CancellationToken ct) =>
        (texts.Select(t => System.Text.RegularExpressions.Regex.Matches(t, @"\d+") is { Count: > 0 } m && m[^1].Value == "1"
            ? new[] { 1f, 0f } : new[] { 0f, 1f }).ToList(), texts.Select(_ => Flops.Same(1)).ToList());
}
