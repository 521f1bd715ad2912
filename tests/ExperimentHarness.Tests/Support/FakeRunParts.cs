using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Runner;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Tests.Support;

/// <summary>A benchmark of "What is a + b?" items with a train split, scored by <see cref="LastNumberScorer"/>.</summary>
public sealed class FakeBenchmarkLoader(int testItems = 10) : IBenchmarkLoader
{
    public BenchmarkSplits Load(BenchmarkRequest request) => new(request.Name,
        Enumerable.Range(0, 30).Select(i => new BenchmarkItem($"train-{i}", $"What is {i} + {i}?", $"{2 * i}")).ToList(),
        Enumerable.Range(0, testItems).Select(i => new BenchmarkItem($"test-{i}", $"What is {i} + 100?", $"{i + 100}")).ToList());

    public ITaskScorer ScorerFor(string task) => new LastNumberScorer();
}

public sealed class FakeModelLoader(IGenerationEngine engine, IContinuationScorer? scorer = null) : IModelLoader
{
    public ILoadedModel Load(ModelSpec spec, CancellationToken ct) => new Loaded(engine, scorer, spec);

    private sealed class Loaded(IGenerationEngine engine, IContinuationScorer? scorer, ModelSpec spec) : ILoadedModel
    {
        public ModelIdentity Identity { get; } = new(spec.Name ?? Path.GetFileName(spec.Path ?? "init"), spec.Path ?? "init",
            ContentHash.Of(spec.Path ?? "init"), "fake", spec.Family, spec.TrainingFlops, spec.Device, spec.DType);
        public IGenerationEngine Engine => engine;
        public IContinuationScorer Scorer => scorer ?? throw new InvalidOperationException("no scorer scripted");
        public IInferenceCostModel CostModel { get; } = new PromptLengthCostModel();
        public ExperimentHarness.Enhancements.ITextEmbedder Embedder { get; } = new DigitEmbedder();
        public ExperimentHarness.Enhancements.INearestNeighbourSearch NeighbourSearch { get; } = new ExperimentHarness.Enhancements.ExactCosineSearch();
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

/// <summary>Baseline cost = 1 FLOP per prompt character + 1 per generated token: easy to check by hand.</summary>
public sealed class PromptLengthCostModel : IInferenceCostModel
{
    public double BaselineFlops(string zeroShotPrompt, int generatedTokens) => zeroShotPrompt.Length + generatedTokens;
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
