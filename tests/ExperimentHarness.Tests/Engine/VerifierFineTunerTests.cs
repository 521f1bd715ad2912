using ExperimentHarness.Engine;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Models;
using ExperimentHarness.Models.Checkpoints;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Engine;

[Collection(nameof(OptimizerStepCollection))]
public class VerifierFineTunerTests
{
    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    [InlineData("gpt_neox")]
    public void FineTunesACopyThatLearnsTheLabelsSavesItAndLeavesTheSourceModelAlone(string architecture)
    {
        using var source = LoadedCheckpoint.Load(TinyCheckpoints.For(architecture), "cpu", "float32");
        var sourceEmbedder = new TorchTextEmbedder(source.Model, source.Tokenizer, source.WeightsSha256);
        // Right solutions end in the sum, wrong ones in 1: a pattern the copy can learn.
        var texts = new List<string>();
        var labels = new List<bool>();
        var groups = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            texts.Add($"Problem: What is {i} + 3?\nAnswer: The answer is {i + 3}.");
            labels.Add(true);
            groups.Add(i);
            texts.Add($"Problem: What is {i} + 3?\nAnswer: I think it is 1.");
            labels.Add(false);
            groups.Add(i);
        }
        var heldOut = ValidationSplit.HeldOutGroups(groups, 5);
        var before = sourceEmbedder.Embed(texts.Take(2).ToList(), CancellationToken.None).Vectors;
        var directory = Path.Combine(TestPaths.NewTempDirectory(), "tuned");

        using var tuner = new TorchVerifierFineTuner(source);
        var result = tuner.FineTune(texts, labels, groups, new FineTuneSettings(40, 8, 3e-3, 64, 5, heldOut), directory, CancellationToken.None);

        Assert.InRange(result.StepsRun, 1, 40);
        Assert.True(result.LastHeldOutLoss < result.FirstHeldOutLoss - 0.05,
            $"held-out loss {result.FirstHeldOutLoss:F4} -> {result.LastHeldOutLoss:F4}");
        var tinyStep = new FlopLedger(source.Model.Shape).MaskedPrefill(8, logitPositions: 0);
        Assert.True(result.Flops > 3 * 8 * result.StepsRun * tinyStep);         // at least 3 x forward of 8 rows per step

        // The source model is untouched; the copy has moved.
        var after = sourceEmbedder.Embed(texts.Take(2).ToList(), CancellationToken.None).Vectors;
        for (var i = 0; i < 2; i++) Assert.Equal(before[i], after[i]);
        var tuned = result.Embedder.Embed(texts.Take(2).ToList(), CancellationToken.None).Vectors;
        Assert.NotEqual(before[0], tuned[0]);

        // Saved as a complete checkpoint with provenance; reloading gives the same features and identity.
        using (var reader = new SafetensorsReader(Path.Combine(directory, "model.safetensors")))
            Assert.Equal(source.WeightsSha256, reader.Metadata["fine_tuned_from"]);
        Assert.True(File.Exists(Path.Combine(directory, "config.json")) && File.Exists(Path.Combine(directory, "tokenizer.json")));
        var reloaded = tuner.Load(directory);
        Assert.Equal(result.Embedder.Identity, reloaded.Identity);
        Assert.NotEqual(sourceEmbedder.Identity, reloaded.Identity);
        var again = reloaded.Embed(texts.Take(2).ToList(), CancellationToken.None).Vectors;
        for (var d = 0; d < tuned[0].Length; d++) Assert.Equal(tuned[0][d], again[0][d], 5);
    }
}
