using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;
using ExperimentHarness.Runner;
using ExperimentHarness.Store;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Store;

/// <summary>Two runs into one output directory: the second fails at once with one line naming the first's pid, and the first is untouched.</summary>
public class RunDirectoryLockTests
{
    private static ItemResult Item(string key, int index) => new(
        key, $"item-{index}", index, "prompt", "5",
        [new SampleOutcome(0, "The answer is 5.", 4, "stop", "5", "5", 1e6, 1e6)],
        new AnswerChoice("5", 0, "first"), new AnswerChoice("5", 0, "first"),
        true, true, 12, 4, 1e6, 1e6, 42);

    [Fact]
    public void ASecondStoreOnAHeldDirectoryFailsNamingTheHolder()
    {
        var dir = TestPaths.NewTempDirectory();
        using (var first = ResultsStore.Open(dir))
        {
            Assert.True(first.Append("cell", Item("k0", 0)));

            var ex = Assert.Throws<InputException>(() => ResultsStore.Open(dir));
            Assert.StartsWith($"{Path.GetFullPath(dir)} is in use by another run (pid {Environment.ProcessId} on ", ex.Message);
            Assert.DoesNotContain('\n', ex.Message);
            Assert.Throws<InputException>(() => RunDirectoryLock.Acquire(dir));

            Assert.True(first.Append("cell", Item("k1", 1)));     // the holder carries on as before
            Assert.Equal(2, first.ReadItems("cell").Count);
        }
        using var again = ResultsStore.Open(dir);                   // released when the holder is disposed
        Assert.Equal(2, again.ReadItems("cell").Count);
    }

    [Fact]
    public void ARunIntoAHeldDirectoryFailsBeforeLoadingAModelAndLeavesTheHolderAlone()
    {
        var dir = TestPaths.NewTempDirectory();
        var config = Path.Combine(dir, "job.yaml");
        File.WriteAllText(config, """
            model: {path: ./model, family: toy, training_flops: 1e18}
            benchmark: {name: toy}
            stack: [fewshot(k=2)]
            output: {dir: out}
            """);
        var output = Path.Combine(dir, "out");
        using var holder = ResultsStore.Open(output);
        holder.Append("cell", Item("k0", 0));
        var engine = new ScriptedEngine((_, _) => " The answer is 5.");
        var job = new RunJob(new FakeModelLoader(engine), new FakeBenchmarkLoader(4), new CapturingConsole());

        var ex = Assert.Throws<InputException>(() => job.ExecuteAll(config, new RunOverrides(null, null, null, null), CancellationToken.None));

        Assert.Contains("is in use by another run (pid", ex.Message);
        Assert.Empty(engine.Seen);
        Assert.Single(holder.ReadItems("cell"));
        Assert.False(File.Exists(Path.Combine(output, "summary.json")));
        Assert.True(File.Exists(Path.Combine(output, RunDirectoryLock.FileName)));   // the failed run removed nothing of the holder's
        Assert.True(File.Exists(Path.Combine(output, RunDirectoryLock.OwnerFileName)));
    }

    [Fact]
    public async Task TheCliSaysSoInOneLineWithExitCode3()
    {
        var dir = TestPaths.NewTempDirectory();
        var config = Path.Combine(dir, "c.yaml");
        File.WriteAllText(config, $"model: {{path: {TinyCheckpoints.Llama}}}\nbenchmark: {{name: arith, options: {{test_size: 4, train_size: 4}}}}\ngeneration: {{max_new_tokens: 4}}\n");
        var output = Path.Combine(dir, "out");
        using var holder = RunDirectoryLock.Acquire(output);
        var console = new CapturingConsole();

        Assert.Equal(ExitCodes.InvalidInput, await CliHost.RunAsync(["run", "--config", config, "--out", output], console));

        var error = Assert.Single(console.Errors);
        Assert.Equal($"error: {Path.GetFullPath(output)} is in use by another run (pid {Environment.ProcessId}", error[..error.IndexOf(" on ", StringComparison.Ordinal)]);
        Assert.False(File.Exists(Path.Combine(output, ResultsStore.FileName)));
    }

    [Fact]
    public void ARunThatStoredNothingRemovesTheLockAndTheFolderItMade()
    {
        var parent = TestPaths.NewTempDirectory();
        var output = Path.Combine(parent, "a", "out");
        RunDirectoryLock.Acquire(output).ReleaseAndRemove();
        Assert.False(Directory.Exists(Path.Combine(parent, "a")));
        using var again = RunDirectoryLock.Acquire(output);         // and the directory can be locked again
    }
}
