using ExperimentHarness.Engine;
using ExperimentHarness.Enhancements;
using ExperimentHarness.Foundation;
using ExperimentHarness.Models;

namespace ExperimentHarness.Tests.Engine;

public class FlopLedgerTests
{
    // Pythia-70M: L=6, d=512, h=8, d_h=64, f=2048, V=50304 (RESEARCH.md §6).
    private static readonly ModelShape Pythia70M = new("gpt_neox", 6, 512, 8, 8, 64, 2048, 50304, false);
    // Qwen2.5-0.5B: L=24, d=896, h=14, g=2, d_h=64, f=4864, V=151936, tied.
    private static readonly ModelShape Qwen05B = new("qwen2", 24, 896, 14, 2, 64, 4864, 151936, true);

    [Fact]
    public void PerTokenCostsMatchPublishedShapes()
    {
        var pythia = new FlopLedger(Pythia70M);
        // 2·N_mm per token without attention = 2·(L·12d² + d·V) ≈ 0.089 GFLOP (RESEARCH.md §6 table).
        Assert.Equal(0.089e9, pythia.Forward(0, logits: true), 0.001e9);
        Assert.Equal(12.3e3, pythia.Forward(1, false) - pythia.Forward(0, false), 0.1e3);   // attention per key
        var qwen = new FlopLedger(Qwen05B);
        Assert.Equal(0.988e9, qwen.Forward(0, logits: true), 0.002e9);
        Assert.Equal(86e3, qwen.Forward(1, false) - qwen.Forward(0, false), 0.5e3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(512)]
    public void PrefillIsTheSumOfPerTokenCostsAndMatchesTheClosedForm(int p)
    {
        var ledger = new FlopLedger(Qwen05B);
        var s = Qwen05B;
        double pLayer = s.Hidden * s.Heads * s.HeadDim + 2.0 * s.Hidden * s.KvHeads * s.HeadDim + s.Heads * s.HeadDim * s.Hidden + 3.0 * s.Hidden * s.MlpWidth;
        var closed = 2.0 * s.Layers * pLayer * p + 2.0 * s.Layers * s.Heads * s.HeadDim * p * (p + 1.0) + 2.0 * s.Hidden * s.Vocab;
        var summed = Enumerable.Range(1, p).Sum(t => ledger.Forward(t, logits: t == p));
        Assert.Equal(closed, ledger.CausalPrefill(p), 1e-6 * closed);
        Assert.Equal(summed, ledger.CausalPrefill(p), 1e-6 * closed);
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(100, 64)]
    public void DecodeMatchesTheClosedForm(int p, int g)
    {
        var ledger = new FlopLedger(Pythia70M);
        var s = Pythia70M;
        var pLayer = 4.0 * s.Hidden * s.Hidden + 2.0 * s.Hidden * s.MlpWidth;
        var closed = g * (2.0 * s.Layers * pLayer + 2.0 * s.Hidden * s.Vocab) + 4.0 * s.Layers * s.Heads * s.HeadDim * (g * (double)p + g * (g + 1) / 2.0);
        var summed = Enumerable.Range(1, g).Sum(j => ledger.Forward(p + j, logits: true));
        Assert.Equal(closed, ledger.Decode(p, g), 1e-9 * closed);
        Assert.Equal(summed, ledger.Decode(p, g), 1e-9 * closed);
    }

    [Fact]
    public void MaskedPrefillExecutesTheFullSquare()
    {
        var ledger = new FlopLedger(Pythia70M);
        var attention = 4.0 * 6 * 8 * 64;
        Assert.Equal(attention * (100 * 100 - 100 * 101 / 2.0), ledger.MaskedPrefill(100) - ledger.CausalPrefill(100), 1e-3);
    }

    [Fact]
    public void ChunkedPrefillPaysEachChunkAgainstTheKeysUpToItsEnd()
    {
        var ledger = new FlopLedger(Qwen05B);
        var perKey = ledger.Forward(1, false) - ledger.Forward(0, false);
        // One chunk is the masked prefill; 10 tokens in chunks of 4: 4·4 + 4·8 + 2·10 = 68 query-key pairs instead of 100.
        Assert.Equal(ledger.MaskedPrefill(10), ledger.ChunkedPrefill(10, 10), 1e-9 * ledger.MaskedPrefill(10));
        Assert.Equal(ledger.MaskedPrefill(10) - 32 * perKey, ledger.ChunkedPrefill(10, 4), 1e-6 * ledger.MaskedPrefill(10));
        // At 1024 tokens in chunks of 256 the attention costs 62.5 % of the masked prefill's, close to the causal kernel's 50 %.
        var attention = (double p) => p - ledger.Forward(0, false) * 1024 - (ledger.Forward(0, true) - ledger.Forward(0, false));
        Assert.Equal(0.625, attention(ledger.ChunkedPrefill(1024, 256)) / attention(ledger.MaskedPrefill(1024)), 1e-9);
    }

    /// <summary>The fine-tuner's step cost moved into the ledger: the same number as its former inline 3·rows·masked prefill.</summary>
    [Fact]
    public void FineTuningStepIsThreeMaskedPrefillsWithoutLogitsPerRow()
    {
        var ledger = new FlopLedger(Pythia70M);
        var s = Pythia70M;
        var pLayer = 4.0 * s.Hidden * s.Hidden + 2.0 * s.Hidden * s.MlpWidth;
        var former = 3 * 5 * (2.0 * s.Layers * pLayer * 40 + 4.0 * s.Layers * s.Heads * s.HeadDim * 40 * 40);
        Assert.Equal(former, ledger.FineTuningStep(5, 40), 1e-9 * former);
    }

    /// <summary>The formulas that were written inline in the head trainer, the retrieval index and the family trainer keep their values.</summary>
    [Fact]
    public void ShapeFreeFormulasKeepTheValuesTheyHadInline()
    {
        Assert.Equal(2.0 * 1000 * 576, ShapeFreeFlops.CosineSearch(1000, 576));
        Assert.Equal(6.0 * 576 * 80 * 37, ShapeFreeFlops.LogisticHeadTraining(576, 80, 37));
        Assert.Equal(6 * 2.5e5 * 1.2e7, ShapeFreeFlops.SixNd(2.5e5, 1.2e7));
        var index = new RetrievalIndex([[1f, 0f, 0f], [0f, 1f, 0f], [0f, 0f, 1f], [0.6f, 0.8f, 0f]], buildFlops: 0);
        Assert.Equal(2.0 * 4 * 3, index.QueryFlops);
    }
}
