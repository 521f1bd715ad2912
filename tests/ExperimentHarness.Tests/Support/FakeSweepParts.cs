using ExperimentHarness.Benchmarks;
using ExperimentHarness.Config;
using ExperimentHarness.Engine;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models;
using ExperimentHarness.Models.Tokenization;
using ExperimentHarness.Runner;
using ExperimentHarness.Scoring;

namespace ExperimentHarness.Tests.Support;

/// <summary>
/// Checkpoint facts for <see cref="FakeModelLoader"/>'s models (the same weights hash, so planned cell ids match the run's),
/// with a one-character-per-token tokenizer and a ledger whose size grows with the number in the model's path
/// (<c>./m3</c> is three times the matrix work of <c>./m1</c>), so estimates differ between models.
/// </summary>
public sealed class FakeCheckpointInspector : ICheckpointInspector
{
    public CheckpointFacts? Inspect(ModelSpec spec)
    {
        var digits = new string(Path.GetFileName(spec.Path ?? "").Where(char.IsDigit).ToArray());
        var scale = digits.Length == 0 ? 1 : int.Parse(digits);
        var shape = new ModelShape("llama", Layers: 1, Hidden: 8 * scale, Heads: 1, KvHeads: 1, HeadDim: 8 * scale, MlpWidth: 16, Vocab: 32, TiedEmbeddings: true);
        return new CheckpointFacts(ContentHash.Of(spec.Path ?? "init"), new FlopLedger(shape), new CharTokenizer());
    }

    private sealed class CharTokenizer : ITextTokenizer
    {
        public IReadOnlyList<int> Encode(string text) => text.Select(c => (int)c % 32).ToList();
        public string Decode(IEnumerable<int> ids) => string.Concat(ids.Select(i => (char)('a' + i)));
        public int? BosId => null;
        public IReadOnlyList<int> EosIds => [];
        public int VocabularySize => 32;
    }
}

/// <summary>A <see cref="FakeModelLoader"/> whose model at <paramref name="brokenPath"/> will not load, as a damaged checkpoint.</summary>
public sealed class BrokenCheckpointLoader(IModelLoader inner, string brokenPath) : IModelLoader
{
    public ILoadedModel Load(ModelSpec spec, int batchRows, CancellationToken ct) =>
        spec.Path is { } path && path.EndsWith(brokenPath, StringComparison.Ordinal)
            ? throw new InputException($"{path}/model.safetensors: truncated file")
            : inner.Load(spec, batchRows, ct);
}

/// <summary>A <see cref="FakeBenchmarkLoader"/> for which the benchmark named <paramref name="brokenName"/> fails verification.</summary>
public sealed class BrokenDataLoader(IBenchmarkLoader inner, string brokenName) : IBenchmarkLoader
{
    public BenchmarkSplits Load(BenchmarkRequest request) => request.Name == brokenName
        ? throw new ExperimentHarness.Models.Hub.VerificationException($"{brokenName}/test.jsonl: sha256 does not match the pin")
        : inner.Load(request);

    public ITaskScorer ScorerFor(string task) => inner.ScorerFor(task);
}
