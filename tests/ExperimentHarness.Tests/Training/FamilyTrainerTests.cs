using System.Security.Cryptography;
using ExperimentHarness.Config;
using ExperimentHarness.Models;
using ExperimentHarness.Models.Hub;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;
using ExperimentHarness.Training;

namespace ExperimentHarness.Tests.Training;

[Collection(nameof(OptimizerStepCollection))]
public class FamilyTrainerTests
{
    private sealed class SimulatedKill : Exception;

    [Fact]
    public void TrainsEveryMemberLossFallsFlopsMatchTheClosedFormAndTheLockEntryResolves()
    {
        var config = TinyFamily.Write("[2e9, 6e9]");
        var members = new FamilyTrainer(config).Run(_ => { }, _ => { }, CancellationToken.None);

        Assert.Equal(["2e9", "6e9"], members.Select(m => m.Name));
        foreach (var m in members)
        {
            // Loss falls: the last held-out loss is well below the first measurement.
            Assert.True(m.Log.Count >= 2, $"{m.Name}: {m.Log.Count} evaluations");
            Assert.True(m.Log[^1].HeldOutLoss < m.Log[0].HeldOutLoss - 0.5, $"{m.Name}: held-out loss {m.Log[0].HeldOutLoss} -> {m.Log[^1].HeldOutLoss}");
            // Training FLOPs: per step, rows x 3 x Σ_{t=1..T} (2·L·P_layer + 4·L·h·d_h·t + 2·d·V), written out here independently of the ledger.
            var shape = new ModelShape("llama", m.Layers, m.Hidden, m.Heads, m.Heads, m.Hidden / m.Heads, m.MlpWidth, m.Vocab, true);
            var layerMatrix = 4.0 * m.Hidden * m.Hidden + 3.0 * m.Hidden * m.MlpWidth;
            var perRow = Enumerable.Range(1, 64).Sum(t => 2 * m.Layers * layerMatrix + 4.0 * m.Layers * m.Hidden * t + 2.0 * m.Hidden * m.Vocab);
            Assert.Equal(m.Steps * 4 * 3 * perRow, m.TrainingFlops, m.TrainingFlops * 1e-12);
            Assert.Equal(layerMatrix, shape.LayerMatrixParameters);
            Assert.True(m.TrainingFlops <= m.Budget && m.TrainingFlops > m.Budget - 4 * 3 * perRow);
            Assert.Equal(6 * m.ParamsNonEmbedding * m.Tokens, m.SixNd, m.SixNd * 1e-12);
        }

        var family = ModelLockReader.Read(config.LockFile).Family("tiny");
        Assert.Equal(["2e9", "6e9"], family.Members.Select(x => x.Name));
        foreach (var member in family.Members)
        {
            Assert.Equal("measured (FLOP ledger, train-family)", member.TrainingFlopsSource);
            Assert.Equal(members.Single(m => m.Name == member.Name).TrainingFlops, member.TrainingFlops);
            Assert.Equal(["config.json", "model.safetensors", "tokenizer.json", "training_log.jsonl"], member.Files!.Select(f => f.Path));
            foreach (var file in member.Files!)
            {
                var path = Path.Combine(config.ModelsRoot, "tiny", member.Name, file.Path);
                Assert.Equal(file.Size, new FileInfo(path).Length);
                Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
            }
        }
        var resolved = LockedModelResolver.Resolve(new ModelSpec(null, null, null, null, null, "cpu", "float32", Lock: "tiny/6e9", LockRoot: config.ModelsRoot), config.LockFile);
        Assert.Equal(Path.Combine(config.ModelsRoot, "tiny", "6e9"), resolved.Path);
        Assert.Equal("tiny", resolved.Family);
        Assert.Equal(members[1].TrainingFlops, resolved.TrainingFlops);
        using var loaded = LoadedCheckpoint.Load(resolved.Path!, "cpu", "float32");
        Assert.Equal(members[1].Hidden, loaded.Model.Shape.Hidden);
        Assert.True(File.Exists(Path.Combine(config.ModelsRoot, "tiny", "family.json")));
    }

    /// <summary>
    /// A kill between checkpoints (here: an exception out of the progress callback, which saves nothing, as kill -9 would)
    /// and a rerun of the same config end with weights identical, byte for byte, to an uninterrupted run's.
    /// </summary>
    [Fact]
    public void AKilledRunResumedFromItsLastCheckpointEndsWithTheUninterruptedWeights()
    {
        var reference = TinyFamily.Write("[6e9]");
        new FamilyTrainer(reference).Run(_ => { }, _ => { }, CancellationToken.None);

        var killed = TinyFamily.Write("[6e9]");
        var kills = 0;
        foreach (var killAt in new[] { 11L, 26L })     // between checkpoints (every 7 steps), twice
        {
            var ex = Record.Exception(() => new FamilyTrainer(killed).Run(_ => { }, p =>
            {
                if (p.Step == killAt) throw new SimulatedKill();
            }, CancellationToken.None));
            Assert.IsType<SimulatedKill>(ex);
            kills++;
        }
        Directory.CreateDirectory(Path.Combine(killed.ModelsRoot, "tiny", ".train", "6e9.next"));   // a half-written checkpoint is discarded
        var steps = new List<long>();
        new FamilyTrainer(killed).Run(_ => { }, p => steps.Add(p.Step), CancellationToken.None);

        Assert.Equal(2, kills);
        Assert.Equal(22, steps[0]);          // resumed after the checkpoint at step 21, not from scratch
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference.ModelsRoot, "tiny", "6e9", "model.safetensors")),
            File.ReadAllBytes(Path.Combine(killed.ModelsRoot, "tiny", "6e9", "model.safetensors")));
        Assert.Equal(File.ReadAllText(Path.Combine(reference.ModelsRoot, "tiny", "6e9", "training_log.jsonl")),
            File.ReadAllText(Path.Combine(killed.ModelsRoot, "tiny", "6e9", "training_log.jsonl")));
    }

    [Fact]
    public void ACancelledRunSavesItsStepsAndAFinishedMemberIsNotTrainedAgain()
    {
        var config = TinyFamily.Write("[2e9]");
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => new FamilyTrainer(config).Run(_ => { }, p =>
        {
            if (p.Step == 5) cancel.Cancel();
        }, cancel.Token));
        var state = TrainingCheckpoint.Find(Path.Combine(config.ModelsRoot, "tiny", ".train", "2e9"));
        Assert.Equal(5, state!.Step);

        new FamilyTrainer(config).Run(_ => { }, _ => { }, CancellationToken.None);
        var said = new List<string>();
        var trainedAgain = false;
        new FamilyTrainer(config).Run(said.Add, _ => trainedAgain = true, CancellationToken.None);
        Assert.False(trainedAgain);
        Assert.Contains(said, s => s.Contains("already trained from this config", StringComparison.Ordinal));
    }
}
