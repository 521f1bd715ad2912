using ExperimentHarness.Models;
using ExperimentHarness.Models.Llama;
using ExperimentHarness.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentHarness.Tests.Training;

/// <summary>The training forward is the inference forward, and its gradients are the loss's true derivatives.</summary>
public class TrainingStepTests
{
    [Fact]
    public void CausalTrainingLogitsEqualTheCachedMaskedForwardThatGenerationUses()
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.For("llama"), "cpu", "float32");
        var model = (CausalDecoderModel)checkpoint.Model;
        using var scope = NewDisposeScope();
        var tokens = randint(0, model.Shape.Vocab, [2, 12], dtype: int64);
        var training = model.CausalLogits(tokens);
        var positions = arange(12, int64).unsqueeze(0).expand(2, 12);
        var mask = ones(12, 12, dtype: ScalarType.Bool).tril().view(1, 1, 12, 12).expand(2, 1, 12, 12);
        using var cache = new KvCache(model.Shape.Layers, 2, model.Shape.KvHeads, 12, model.Shape.HeadDim, float32, CPU);
        var inference = model.Forward(tokens, positions, cache, 0, mask, lastOnly: false);
        Assert.True((training - inference).abs().max().item<float>() < 1e-5f);
    }

    /// <summary>Central differences on the weights with the largest gradients (where float32 resolves the change) agree with backward().</summary>
    [Fact]
    public void BackwardMatchesFiniteDifferencesOfTheNextTokenLoss()
    {
        using var checkpoint = LoadedCheckpoint.Load(TinyCheckpoints.For("llama"), "cpu", "float32");
        var model = (LlamaModel)checkpoint.Model;
        using var scope = NewDisposeScope();
        var rows = randint(0, model.Shape.Vocab, [2, 17], dtype: int64, generator: new Generator(7));
        double Loss()
        {
            using var inner = NewDisposeScope();
            var logits = model.CausalLogits(rows.narrow(1, 0, 16));
            return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), rows.narrow(1, 1, 16).reshape(-1)).item<float>();
        }
        var weight = model.named_parameters().Single(p => p.name == "model.layers.0.mlp.down_proj.weight").parameter;
        var loss = nn.functional.cross_entropy(model.CausalLogits(rows.narrow(1, 0, 16)).reshape(-1, model.Shape.Vocab), rows.narrow(1, 1, 16).reshape(-1));
        loss.backward();
        var grad = weight.grad!.flatten();
        var largest = grad.abs().topk(5).indexes.data<long>().ToArray();
        const double h = 1e-2;
        using var noGrad = no_grad();
        foreach (var index in largest)
        {
            var flat = weight.view(-1);
            var original = flat[index].item<float>();
            flat[index] = original + h;
            var up = Loss();
            flat[index] = original - h;
            var down = Loss();
            flat[index] = original;
            var numeric = (up - down) / (2 * h);
            var analytic = grad[index].item<float>();
            Assert.True(Math.Abs(numeric - analytic) <= 0.05 * Math.Abs(analytic) + 1e-4, $"weight {index}: finite difference {numeric}, backward {analytic}");
        }
    }
}
