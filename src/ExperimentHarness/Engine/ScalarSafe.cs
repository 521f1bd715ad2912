using ExperimentHarness.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ExperimentHarness.Engine;

/// <summary>
/// TorchSharp's AdamW and Adam with the same updates, in the same operations and order, but with every Scalar held until its
/// native call returns: the library's own steps pass about six implicit Scalar temporaries per parameter per step, which the
/// finalizer thread may free while libtorch reads them (see <see cref="PinnedScalars"/>). State, parameter groups and
/// <c>save_state_dict</c>/<c>load_state_dict</c> are the base classes', so saved optimizer states stay interchangeable; the
/// classes keep the names AdamW and Adam because TorchSharp writes and checks the type's name in a saved state.
/// No amsgrad, no maximize (the harness uses neither).
/// </summary>
public static class ScalarSafe
{
    /// <summary>Decoupled weight decay (the trainer's and the verifier fine-tuner's optimizer).</summary>
    public sealed class AdamW : TorchSharp.Modules.AdamW
    {
        public AdamW(IEnumerable<Parameter> parameters, double lr) : base(parameters, lr) { }

        public AdamW(IEnumerable<ParamGroup> groups, double lr, double beta1, double beta2) : base(groups, lr, beta1, beta2) { }

        public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
        {
            var options = (Options)group.Options;
            if (options.amsgrad == true || options.maximize == true) throw new NotSupportedException("ScalarSafe optimizers have no amsgrad or maximize");
            var lr = options.LearningRate!.Value;
            using var decay = (1 - lr * options.weight_decay!.Value).ToScalar();
            using var moments = new Moments(options.beta1!.Value, options.beta2!.Value, options.eps!.Value);
            foreach (var parameter in group.Parameters)
            {
                var grad = parameter.grad;
                if (grad is null) continue;
                var state = (State)_state[parameter.Handle];
                state.step += 1;
                parameter.mul_(decay);
                moments.Step(parameter, grad, grad, state.exp_avg, state.exp_avg_sq, state.step, lr);
            }
        }, closure);
    }

    /// <summary>L2 weight decay added to the gradient (the verifier head's optimizer).</summary>
    public sealed class Adam : TorchSharp.Modules.Adam
    {
        public Adam(IEnumerable<Parameter> parameters, double lr, double weightDecay) : base(parameters, lr, weight_decay: weightDecay) { }

        public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
        {
            var options = (Options)group.Options;
            if (options.amsgrad == true || options.maximize == true) throw new NotSupportedException("ScalarSafe optimizers have no amsgrad or maximize");
            var (lr, weightDecay) = (options.LearningRate!.Value, options.weight_decay!.Value);
            using var decay = weightDecay.ToScalar();
            using var moments = new Moments(options.beta1!.Value, options.beta2!.Value, options.eps!.Value);
            foreach (var parameter in group.Parameters)
            {
                var grad = parameter.grad;
                if (grad is null) continue;
                var state = (State)_state[parameter.Handle];
                state.step += 1;
                if (weightDecay != 0) grad = grad.add(parameter, alpha: decay);
                moments.Step(parameter, grad, grad.conj(), state.exp_avg, state.exp_avg_sq, state.step, lr);
            }
        }, closure);
    }

    /// <summary>
    /// The moment updates and the bias-corrected step both optimizers take, in TorchSharp's order: m ← β1·m + (1−β1)·g,
    /// v ← β2·v + (1−β2)·g·ḡ, p ← p − lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε), with every Scalar held.
    /// </summary>
    private sealed class Moments(double beta1, double beta2, double eps) : IDisposable
    {
        private readonly Scalar _keep1 = beta1.ToScalar(), _keep2 = beta2.ToScalar();
        private readonly Scalar _take1 = (1 - beta1).ToScalar(), _take2 = (1 - beta2).ToScalar();
        private readonly Scalar _eps = eps.ToScalar();

        public void Step(Tensor parameter, Tensor grad, Tensor gradConjugate, Tensor expAvg, Tensor expAvgSq, long step, double lr)
        {
            expAvg.mul_(_keep1).add_(grad, alpha: _take1);
            expAvgSq.mul_(_keep2).addcmul_(grad, gradConjugate, value: _take2);
            using var correction2 = Math.Sqrt(1 - Math.Pow(beta2, step)).ToScalar();
            using var stepSize = (-(lr / (1 - Math.Pow(beta1, step)))).ToScalar();
            var denominator = (expAvgSq.sqrt() / correction2).add_(_eps, PinnedScalars.One);
            parameter.addcdiv_(expAvg, denominator, value: stepSize);
        }

        public void Dispose()
        {
            foreach (var s in new[] { _keep1, _keep2, _take1, _take2, _eps }) s.Dispose();
        }
    }
}
