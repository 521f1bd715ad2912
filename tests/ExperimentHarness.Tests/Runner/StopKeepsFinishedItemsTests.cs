using System.Text.Json;
using ExperimentHarness.Foundation;
using ExperimentHarness.Runner;
using ExperimentHarness.Store;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

/// <summary>
/// A stop in the middle of a batch keeps every item whose samples had finished: the engine below yields some results
/// and then throws <see cref="OperationCanceledException"/> with the rest of the batch still decoding, as the torch
/// engine does when SIGTERM arrives between decode steps.
/// </summary>
public class StopKeepsFinishedItemsTests
{
    /// <summary>Answers every request; in a reasoning (first) pass it stops after <paramref name="stopAfter"/> results.</summary>
    private sealed class StoppingEngine(int stopAfter) : IGenerationEngine
    {
        public List<GenerationRequest> Seen { get; } = [];

        public IEnumerable<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken ct)
        {
            var yielded = 0;
            foreach (var request in requests)
            {
                // Zero-shot CoT's answer step is the request whose prompt ends with the answer trigger.
                var answerStep = request.Prompt.EndsWith(ExperimentHarness.Enhancements.ChainOfThought.DefaultAnswerTrigger, StringComparison.Ordinal);
                if (!answerStep && yielded == stopAfter) throw new OperationCanceledException("stopped with prompts still decoding");
                Seen.Add(request);
                var n = FirstAddend(request.Prompt);
                var text = answerStep ? $" {n + 100}." : $" Adding gives {n + 100}.";
                var samples = Enumerable.Range(0, request.Samples).Select(s => new Completion(s, text, 3, "stop", new Flops(10, 10))).ToList();
                yield return new GenerationResult(request.ItemId, samples, request.Prompt.Length, new Flops(10, 10));
                yielded++;
            }
        }

        private static int FirstAddend(string prompt) =>
            int.Parse(prompt[(prompt.LastIndexOf("What is ", StringComparison.Ordinal) + 8)..].Split(' ')[0]);
    }

    private static (string Config, string Out) Write(string stack)
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "job.yaml");
        File.WriteAllText(path, $$"""
            model: {path: ./model, family: toy, training_flops: 1e18}
            benchmark: {name: toy}
            stack: [{{stack}}]
            batch_size: 10
            output: {dir: out}
            """);
        return (path, Path.Combine(dir, "out"));
    }

    [Theory]
    [InlineData("fewshot(k=2)")]
    [InlineData("cot")]            // zero-shot CoT: items are stored once their answer step has run
    public void AStopInsideABatchKeepsTheItemsThatHadFinished(string stack)
    {
        var (config, output) = Write(stack);
        var engine = new StoppingEngine(stopAfter: 4);
        var job = new RunJob(new FakeModelLoader(engine), new FakeBenchmarkLoader(10), new CapturingConsole());

        Assert.ThrowsAny<OperationCanceledException>(() => job.ExecuteAll(config, new RunOverrides(null, null, null, null), CancellationToken.None).Single());

        string cell;
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json"))))
        {
            Assert.False(summary.RootElement.GetProperty("complete").GetBoolean());
            Assert.Equal(4, summary.RootElement.GetProperty("n").GetInt32());
            cell = summary.RootElement.GetProperty("cell").GetString()!;
        }
        using var store = ResultsStore.Open(output);
        var items = store.ReadItems(cell);
        Assert.Equal(["test-0", "test-1", "test-2", "test-3"], items.Select(i => i.ItemId));
        Assert.All(items, i => Assert.True(i.CorrectFlexible));
        if (stack == "cot")
            Assert.All(items, i => Assert.Contains("So the answer is", i.Samples[0].Completion));
    }
}
