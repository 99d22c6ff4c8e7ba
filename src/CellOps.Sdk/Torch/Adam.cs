using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Sdk.Torch;

/// <summary>
/// Adam (Kingma and Ba, 2015) exactly as <c>torch.optim.Adam</c>, with the same state, so optimizer
/// state saved by either loads into the other; create it with <see cref="Optimizers.Adam"/>.
/// </summary>
/// <remarks>
/// TorchSharp's own <c>Adam.step</c> passes β, ε and the step size to libtorch as Scalars made on the
/// fly, which can be freed while libtorch reads them (see <see cref="Scalars"/>); seen as "Expected
/// false to be true" under <c>Adam.step</c> in training. This step holds every Scalar until the call
/// that reads it has returned.
/// </remarks>
public sealed class Adam : TorchSharp.Modules.Adam
{
    internal Adam(IEnumerable<TorchSharp.Modules.Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay, bool amsgrad, bool maximize)
        : base(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)
    {
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    /// <param name="closure">Recomputes the loss, or null.</param>
    /// <returns>The closure's loss, or null.</returns>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(Update, closure);

    private void Update(ParamGroup group)
    {
        var options = (Options)group.Options;
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, lr = options.LearningRate!.Value;
        double weightDecay = options.weight_decay!.Value;
        bool amsgrad = options.amsgrad!.Value, maximize = options.maximize!.Value;
        // Hyperparameters repeat from step to step: held for the process. The bias corrections change
        // every step: held by the using blocks below until their call returns.
        Scalar beta1Scalar = Scalars.Of(beta1), oneMinusBeta1 = Scalars.Of(1 - beta1);
        Scalar beta2Scalar = Scalars.Of(beta2), oneMinusBeta2 = Scalars.Of(1 - beta2);
        Scalar eps = Scalars.Of(options.eps!.Value), decay = Scalars.Of(weightDecay);

        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            var state = (State)_state[param.Handle];
            if (maximize) grad = grad.neg();
            state.step += 1;
            double biasCorrection1 = 1 - Math.Pow(beta1, state.step);
            double biasCorrection2 = 1 - Math.Pow(beta2, state.step);
            if (weightDecay != 0) grad = grad.add(param, decay);

            state.exp_avg.mul_(beta1Scalar).add_(grad, oneMinusBeta1);
            state.exp_avg_sq.mul_(beta2Scalar).addcmul_(grad, grad.conj(), oneMinusBeta2);

            Tensor secondMoment = state.exp_avg_sq;
            if (amsgrad)
            {
                var previous = state.max_exp_avg_sq;
                state.max_exp_avg_sq = torch.maximum(previous, state.exp_avg_sq).DetachFromDisposeScope();
                previous.Dispose();
                secondMoment = state.max_exp_avg_sq;
            }
            using var rootCorrection = Math.Sqrt(biasCorrection2).ToScalar();
            using var negativeStepSize = (-lr / biasCorrection1).ToScalar();
            var denominator = secondMoment.sqrt().div_(rootCorrection).add_(eps, Scalars.One);
            param.addcdiv_(state.exp_avg, denominator, negativeStepSize);
        }
    }
}
