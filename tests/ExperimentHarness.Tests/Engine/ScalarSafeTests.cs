using ExperimentHarness.Engine;
using ExperimentHarness.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ExperimentHarness.Tests.Engine;

public class ScalarSafeTests
{
    /// <summary>Same update as TorchSharp's AdamW to the bit: two groups (with and without decay), a schedule changing lr, 6 steps.</summary>
    [Fact]
    public void AdamWStepsMatchTorchSharpsExactly()
    {
        var ours = Run((groups, lr) => new ScalarSafe.AdamW(groups, lr, 0.9, 0.95));
        var theirs = Run((groups, lr) => optim.AdamW(groups, lr: lr, beta1: 0.9, beta2: 0.95));
        Assert.Equal(theirs.Length, ours.Length);
        for (var i = 0; i < ours.Length; i++) Assert.Equal(theirs[i], ours[i]);
        Assert.NotEqual(Run((groups, lr) => new ScalarSafe.AdamW(groups, lr, 0.8, 0.95)), ours);   // the comparison can see a difference
    }

    /// <summary>The state it saves (step counts, moments) continues in TorchSharp's AdamW exactly as in itself: checkpoints stay interchangeable.</summary>
    [Fact]
    public void SavedAdamWStateContinuesInTorchSharpsAdamW()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adamw-{Guid.NewGuid():N}.bin");
        try
        {
            using var scope = NewDisposeScope();
            var ours = new Parameter(ones(3, 2));
            using var oursOptimizer = new ScalarSafe.AdamW([ours], 0.1);
            ours.grad = full(3, 2, 0.5f);
            oursOptimizer.step();
            oursOptimizer.save_state_dict(path);
            var afterFirst = ours.detach().clone();
            var theirs = new Parameter(afterFirst.clone());
            using var theirsOptimizer = optim.AdamW([theirs], lr: 0.1);
            theirsOptimizer.load_state_dict(path);
            ours.grad = full(3, 2, -0.25f);
            theirs.grad = full(3, 2, -0.25f);
            oursOptimizer.step();
            theirsOptimizer.step();
            Assert.Equal(theirs.detach().data<float>().ToArray(), ours.detach().data<float>().ToArray());
            // Without the loaded state (step 1, moments) the same step lands elsewhere: the comparison depends on the state.
            var fresh = new Parameter(afterFirst);
            using var freshOptimizer = optim.AdamW([fresh], lr: 0.1);
            fresh.grad = full(3, 2, -0.25f);
            freshOptimizer.step();
            Assert.NotEqual(fresh.detach().data<float>().ToArray(), ours.detach().data<float>().ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Same update as TorchSharp's Adam with L2 decay (the verifier head's settings) to the bit, over 6 steps.</summary>
    [Fact]
    public void AdamStepsMatchTorchSharpsExactly()
    {
        var ours = Run(parameters => new ScalarSafe.Adam(parameters, 0.05, 1e-3));
        var theirs = Run(parameters => optim.Adam(parameters, lr: 0.05, weight_decay: 1e-3));
        Assert.Equal(theirs, ours);
        Assert.NotEqual(Run(parameters => new ScalarSafe.Adam(parameters, 0.05, 0)), ours);   // the decay takes part
    }

    private static float[] Run(Func<AdamW.ParamGroup[], double, OptimizerHelper> create) =>
        Run(parameters => create(
        [
            new AdamW.ParamGroup([parameters[0]], new AdamW.Options { weight_decay = 0.1 }),
            new AdamW.ParamGroup([parameters[1]], new AdamW.Options { weight_decay = 0 }),
        ], 3e-3));

    private static float[] Run(Func<Parameter[], OptimizerHelper> create)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        var matrix = new Parameter(randn(4, 3, generator: generator));
        var vector = new Parameter(randn(3, generator: generator));
        using var optimizer = create([matrix, vector]);
        var input = randn(5, 4, generator: generator);
        for (var step = 0; step < 6; step++)
        {
            foreach (var group in optimizer.ParamGroups) group.LearningRate = 3e-3 * (step + 1) / 6;
            optimizer.zero_grad();
            var activation = input.matmul(matrix).add(vector, PinnedScalars.One).tanh();
            (activation * activation).sum().backward();
            optimizer.step();
        }
        return cat([matrix.detach().flatten(), vector.detach()], 0).data<float>().ToArray();
    }
}
