using ExperimentHarness.Engine;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Engine;

/// <summary>A request starting at sample k draws exactly samples k.. of the full request (what sharing samples between cells relies on).</summary>
public class FirstSampleTests
{
    [Fact]
    public void SamplesFromKEqualThoseOfTheFullRequestAndOnlyTheyAreCharged()
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.Llama, "cpu", "float32");
        var engine = new TorchGenerationEngine(checkpoint.Model, checkpoint.Tokenizer, 16);
        var sampling = new SamplingOptions(10, 1.0, 0.95, []);
        var full = new GenerationRequest("full", "Problem: Ada has 3 apples and buys 4 more.\nAnswer:", sampling, 5, 77);
        var tail = full with { ItemId = "tail", FirstSample = 2, Samples = 3 };
        var results = engine.Generate([full, tail], CancellationToken.None).ToDictionary(r => r.ItemId);

        Assert.Equal([2, 3, 4], results["tail"].Samples.Select(s => s.SampleIndex));
        foreach (var sample in results["tail"].Samples)
        {
            var same = results["full"].Samples.Single(s => s.SampleIndex == sample.SampleIndex);
            Assert.Equal(same.Text, sample.Text);
            Assert.Equal(same.GeneratedTokens, sample.GeneratedTokens);
        }
        // Different streams: at T=1 a random model's five samples are not all the same text.
        Assert.True(results["full"].Samples.Select(s => s.Text).Distinct().Count() > 1);
        // The tail pays the prefill once and only its own three samples' decodes.
        var ledger = new FlopLedger(checkpoint.Model.Shape);
        var prompt = results["tail"].PromptTokens;
        var expected = ledger.CausalPrefill(prompt) + results["tail"].Samples.Sum(s => ledger.Decode(prompt, Math.Max(0, s.GeneratedTokens - 1)));
        Assert.Equal(expected, results["tail"].Flops.Canonical, 6);
        Assert.True(results["tail"].Flops.Canonical < results["full"].Flops.Canonical);
    }
}
