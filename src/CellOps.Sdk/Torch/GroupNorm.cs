using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CellOps.Sdk.Torch;

/// <summary>
/// Group normalisation (Wu and He, 2018) as <c>torch.nn.GroupNorm</c> in PyTorch, with its affine
/// weight starting at ones and its bias at zeros.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's <c>GroupNorm</c> creates its weight and bias with <c>torch.empty</c> and never
/// fills them, so it starts from whatever the memory held (values such as 836.5 or 4.6e-41, outputs
/// around 1e8, NaN gradients from the first step). Create this one with <see cref="Layers.GroupNorm"/>.
/// </remarks>
public sealed class GroupNorm : nn.Module<Tensor, Tensor>
{
    // Registered by field name, as PyTorch names them: weight, bias.
    private readonly Parameter? weight;
    private readonly Parameter? bias;

    internal GroupNorm(long groups, long channels, double eps, bool affine) : base(nameof(GroupNorm))
    {
        if (groups < 1 || channels < 1 || channels % groups != 0)
            throw new ArgumentException($"GroupNorm needs a channel count divisible by the group count; got {channels} channels in {groups} groups.");
        Groups = groups;
        Channels = channels;
        Eps = eps;
        if (affine)
        {
            // Owned by the module, not by whatever dispose scope it is built in.
            using var ones = torch.ones(channels);
            using var zeros = torch.zeros(channels);
            weight = (Parameter)nn.Parameter(ones).DetachFromDisposeScope();
            bias = (Parameter)nn.Parameter(zeros).DetachFromDisposeScope();
        }
        RegisterComponents();
    }

    /// <summary>The number of channel groups normalised together.</summary>
    public long Groups { get; }

    /// <summary>The number of channels.</summary>
    public long Channels { get; }

    /// <summary>Added to the variance for numerical stability.</summary>
    public double Eps { get; }

    /// <summary>The per-channel scale, or null without an affine transform.</summary>
    public Parameter? Weight => weight;

    /// <summary>The per-channel shift, or null without an affine transform.</summary>
    public Parameter? Bias => bias;

    /// <summary>Normalises each sample's channel groups to zero mean and unit variance, then scales and shifts.</summary>
    /// <param name="input">N×C×… with C equal to <see cref="Channels"/>.</param>
    public override Tensor forward(Tensor input)
    {
        if (input.ndim < 2 || input.shape[1] != Channels)
            throw new ArgumentException($"GroupNorm over {Channels} channels got input of shape [{string.Join(", ", input.shape)}].", nameof(input));
        return F.group_norm(input, Groups, weight, bias, Eps);
    }
}
