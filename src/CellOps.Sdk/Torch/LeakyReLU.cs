using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Sdk.Torch;

/// <summary>
/// max(0, x) + slope · min(0, x), as <c>torch.nn.LeakyReLU</c> in PyTorch.
/// </summary>
/// <remarks>
/// TorchSharp's own <c>LeakyReLU</c> turns its slope into a new Scalar on every call, which can be
/// freed while libtorch reads it (see <see cref="Scalars"/>). Create this one with <see cref="Layers.LeakyReLU"/>.
/// </remarks>
public sealed class LeakyReLU : nn.Module<Tensor, Tensor>
{
    private readonly Scalar slope;

    internal LeakyReLU(double negativeSlope, bool inplace) : base(nameof(LeakyReLU))
    {
        NegativeSlope = negativeSlope;
        Inplace = inplace;
        slope = Scalars.Of(negativeSlope);
    }

    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; }

    /// <summary>Whether the input is overwritten with the result.</summary>
    public bool Inplace { get; }

    /// <summary>Applies the activation element by element.</summary>
    /// <param name="input">Any shape.</param>
    public override Tensor forward(Tensor input) => Inplace ? input.leaky_relu_(slope) : input.leaky_relu(slope);
}
