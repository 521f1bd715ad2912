using ExperimentHarness.Engine;
using ExperimentHarness.Models;
using ExperimentHarness.Runner;
using ExperimentHarness.Tests.Support;

namespace ExperimentHarness.Tests.Runner;

public class DecodeThroughputTests
{
    [Fact]
    public void PromptsHaveTheCaseLengthAvoidEosAndAreTheSameEveryCall()
    {
        var c = new DecodeCase(Batch: 4, PromptTokens: 300, NewTokens: 8);
        var prompts = DecodeThroughput.RandomPrompts(c, eos: [5], vocab: 6);
        Assert.Equal(4, prompts.Count);
        Assert.All(prompts, p => Assert.Equal(300, p.Length));
        Assert.All(prompts, p => Assert.DoesNotContain(5, p));
        Assert.All(prompts, p => Assert.All(p, id => Assert.InRange(id, 0, 4)));
        Assert.Equal(prompts, DecodeThroughput.RandomPrompts(c, eos: [5], vocab: 6));
    }

    /// <summary>
    /// On a tiny checkpoint with a scripted reference (a shell script that writes the JSON the PyTorch script writes):
    /// every case runs <c>repeats</c> times on both sides, the line carries both rates and their ratio, and the
    /// longer-context line compares the measured slowdown with the FLOP model's.
    /// </summary>
    [Fact]
    public void CasesRunOnBothSidesAndReportRatiosAndContextScaling()
    {
        var dir = TestPaths.NewTempDirectory();
        var calls = Path.Combine(dir, "calls.txt");
        var script = Path.Combine(dir, "reference.sh");
        // Arguments arrive as: --model DIR --batch B ... --json FILE; the script records them and reports 50 tokens/s overall, 100 decoding.
        File.WriteAllText(script, "#!/bin/sh\necho \"$@\" >> " + calls + "\nwhile [ $# -gt 1 ]; do [ \"$1\" = --json ] && out=$2; shift; done\n" +
                                  "echo '{\"tokens_per_second\": 50.0, \"decode_tokens_per_second\": 100.0}' > \"$out\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.Llama, "cpu", "float32");
        var console = new CapturingConsole();
        var cases = new[] { new DecodeCase(2, 8, 6), new DecodeCase(2, 40, 6) };

        var results = new DecodeThroughput(checkpoint, TinyCheckpoints.Llama, "float32", 1, console).Measure(cases, repeats: 2, "/bin/sh " + script, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(2, r.Harness.Count));
        Assert.All(results, r => Assert.Equal([new DecodeRate(50, 100), new DecodeRate(50, 100)], r.Reference));
        Assert.All(results, r => Assert.All(r.Harness, h => Assert.True(h.Decode > 0 && h.Total > 0)));
        var lines = File.ReadAllLines(calls);
        Assert.Equal(4, lines.Length);
        Assert.Contains($"--model {TinyCheckpoints.Llama} --batch 2 --prompt-tokens 40 --tokens 6 --threads 1 --dtype float32", lines[3]);
        Assert.Contains("reference decode   100.0 tokens/s", console.Lines[0]);
        Assert.Contains("harness/reference: decode", console.Lines[0]);
        var ledger = new FlopLedger(checkpoint.Model.Shape);
        var predicted = Enumerable.Range(2, 4).Average(i => ledger.Forward(8 + i, true)) / Enumerable.Range(2, 4).Average(i => ledger.Forward(40 + i, true));
        Assert.Contains($"context scaling, batch 2: prompt 40 decodes at", console.Lines[2]);
        Assert.Contains($"the FLOP model predicts {predicted:F2}x", console.Lines[2]);
        var bytes = DecodeThroughput.StepBytes(checkpoint.Model);
        var shape = checkpoint.Model.Shape;
        Assert.Equal(bytes(2, 10) + 2 * 5 * 2.0 * shape.Layers * shape.KvHeads * shape.HeadDim * 4, bytes(2, 15));   // float32 keys and values per row and key
        var bytesRatio = Enumerable.Range(2, 4).Average(i => bytes(2, 8 + i)) / Enumerable.Range(2, 4).Average(i => bytes(2, 40 + i));
        Assert.EndsWith($"the bytes read {bytesRatio:F2}x", console.Lines[2]);
    }

    [Fact]
    public void AFailingReferenceIsReportedOnceAndTheHarnessStillRuns()
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.Llama, "cpu", "float32");
        var console = new CapturingConsole();
        var results = new DecodeThroughput(checkpoint, TinyCheckpoints.Llama, "float32", 1, console)
            .Measure([new DecodeCase(1, 4, 3)], repeats: 2, "/bin/sh -c exit-7-please", CancellationToken.None);
        Assert.Equal(2, results[0].Harness.Count);
        Assert.Empty(results[0].Reference);
        Assert.Contains("reference failed: exit", console.Lines[0]);
    }
}
