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
            var (beta1, beta2, lr) = (options.beta1!.Value, options.beta2!.Value, options.LearningRate!.Value);
            using var decay = (1 - lr * options.weight_decay!.Value).ToScalar();
            using var keep1 = beta1.ToScalar();
            using var keep2 = beta2.ToScalar();
            using var take1 = (1 - beta1).ToScalar();
            using var take2 = (1 - beta2).ToScalar();
            using var eps = options.eps!.Value.ToScalar();
            foreach (var parameter in group.Parameters)
            {
                var grad = parameter.grad;
                if (grad is null) continue;
                var state = (State)_state[parameter.Handle];
                state.step += 1;
                parameter.mul_(decay);
                state.exp_avg.mul_(keep1).add_(grad, alpha: take1);
                state.exp_avg_sq.mul_(keep2).addcmul_(grad, grad, value: take2);
                using var correction2 = Math.Sqrt(1 - Math.Pow(beta2, state.step)).ToScalar();
                using var stepSize = (-(lr / (1 - Math.Pow(beta1, state.step)))).ToScalar();
                var denominator = (state.exp_avg_sq.sqrt() / correction2).add_(eps, PinnedScalars.One);
                parameter.addcdiv_(state.exp_avg, denominator, value: stepSize);
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
            var (beta1, beta2, lr, weightDecay) = (options.beta1!.Value, options.beta2!.Value, options.LearningRate!.Value, options.weight_decay!.Value);
            using var decay = weightDecay.ToScalar();
            using var keep1 = beta1.ToScalar();
            using var keep2 = beta2.ToScalar();
            using var take1 = (1 - beta1).ToScalar();
            using var take2 = (1 - beta2).ToScalar();
            using var eps = options.eps!.Value.ToScalar();
            foreach (var parameter in group.Parameters)
            {
                var grad = parameter.grad;
                if (grad is null) continue;
                var state = (State)_state[parameter.Handle];
                state.step += 1;
                if (weightDecay != 0) grad = grad.add(parameter, alpha: decay);
                state.exp_avg.mul_(keep1).add_(grad, alpha: take1);
                state.exp_avg_sq.mul_(keep2).addcmul_(grad, grad.conj(), value: take2);
                using var correction2 = Math.Sqrt(1 - Math.Pow(beta2, state.step)).ToScalar();
                using var stepSize = (-(lr / (1 - Math.Pow(beta1, state.step)))).ToScalar();
                var denominator = (state.exp_avg_sq.sqrt() / correction2).add_(eps, PinnedScalars.One);
                parameter.addcdiv_(state.exp_avg, denominator, value: stepSize);
            }
        }, closure);
    }
}
