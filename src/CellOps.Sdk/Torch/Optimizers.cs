namespace CellOps.Sdk.Torch;

/// <summary>
/// Optimisers to use instead of TorchSharp's own (whose <c>step</c> can free a Scalar libtorch is
/// reading, see <see cref="Scalars"/>); each behaves as PyTorch's of the same name.
/// </summary>
public static class Optimizers
{
    /// <summary>Adam, with PyTorch's defaults.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">Decay of the first-moment average.</param>
    /// <param name="beta2">Decay of the second-moment average.</param>
    /// <param name="eps">Added to the denominator for numerical stability.</param>
    /// <param name="weightDecay">L2 penalty added to the gradient.</param>
    /// <param name="amsgrad">Whether to use the AMSGrad variant.</param>
    /// <param name="maximize">Whether to maximise the objective instead.</param>
    public static Adam Adam(IEnumerable<TorchSharp.Modules.Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool amsgrad = false, bool maximize = false) =>
        new(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);

    /// <summary>Stochastic gradient descent, with PyTorch's defaults.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="momentum">Momentum factor (0: none).</param>
    /// <param name="dampening">Dampening of the momentum.</param>
    /// <param name="weightDecay">L2 penalty added to the gradient.</param>
    /// <param name="nesterov">Whether to use Nesterov momentum.</param>
    /// <param name="maximize">Whether to maximise the objective instead.</param>
    public static Sgd SGD(IEnumerable<TorchSharp.Modules.Parameter> parameters, double lr, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false, bool maximize = false) =>
        new(parameters, lr, momentum, dampening, weightDecay, nesterov, maximize);
}
