using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Sdk.Torch;

/// <summary>
/// Stochastic gradient descent, with momentum, dampening, Nesterov and weight decay, exactly as
/// <c>torch.optim.SGD</c> and with the same state; create it with <see cref="Optimizers.SGD"/>.
/// </summary>
/// <remarks>
/// TorchSharp's own <c>SGD.step</c> passes the learning rate, momentum and decay to libtorch as Scalars
/// made on the fly, which can be freed while libtorch reads them (see <see cref="Scalars"/>); this step
/// holds them.
/// </remarks>
public sealed class Sgd : TorchSharp.Modules.SGD
{
    internal Sgd(IEnumerable<TorchSharp.Modules.Parameter> parameters, double lr, double momentum, double dampening, double weightDecay, bool nesterov, bool maximize)
        : base(parameters, lr, momentum, dampening, weightDecay, nesterov, maximize)
    {
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    /// <param name="closure">Recomputes the loss, or null.</param>
    /// <returns>The closure's loss, or null.</returns>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(Update, closure);

    private void Update(ParamGroup group)
    {
        var options = group.Options;
        double momentum = options.momentum!.Value, dampening = options.dampening!.Value, weightDecay = options.weight_decay!.Value;
        bool nesterov = options.nesterov!.Value, maximize = options.maximize!.Value;
        double lr = options.LearningRate!.Value;
        // Hyperparameters repeat from step to step: held for the process.
        Scalar decay = Scalars.Of(weightDecay), momentumScalar = Scalars.Of(momentum), undamped = Scalars.Of(1 - dampening);
        Scalar step = Scalars.Of(maximize ? lr : -lr);

        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            var state = (State)_state[param.Handle];
            if (weightDecay != 0) grad = grad.add(param, decay);
            if (momentum != 0)
            {
                var buffer = state.momentum_buffer;
                if (buffer is null)
                {
                    buffer = grad.clone().detach().DetachFromDisposeScope();
                    state.momentum_buffer = buffer;
                }
                else
                {
                    buffer.mul_(momentumScalar).add_(grad, undamped);
                }
                grad = nesterov ? grad.add(buffer, momentumScalar) : buffer;
            }
            param.add_(grad, step);
        }
    }
}
