using CellOps.Sdk.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.Cardiomyocyte;

/// <summary>
/// One stage of the tile classifier: 3×3 convolution, batch normalisation, ReLU, then 2×2 max pooling
/// that halves the tile (rounding up, so a 1×1 map stays 1×1 and any tile size works).
/// </summary>
/// <remarks>
/// The convolution has no bias: the batch normalisation that follows subtracts the mean and adds its
/// own shift, so a bias there would be a redundant parameter. In evaluation mode the normalisation is a
/// fixed affine map per channel, so it is folded into the convolution's weights and bias instead of
/// being applied to the feature map afterwards: the same function, one pass over the largest tensors
/// fewer (bench/RESULTS.md measures what that is worth).
/// </remarks>
public sealed class ConvBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly CellOps.Sdk.Torch.BatchNorm2d norm;
    private readonly MaxPool2d pool;

    /// <summary>Creates a block.</summary>
    /// <param name="inChannels">Channels in.</param>
    /// <param name="outChannels">Channels out.</param>
    public ConvBlock(int inChannels, int outChannels) : base(nameof(ConvBlock))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        InChannels = inChannels;
        OutChannels = outChannels;
        conv = nn.Conv2d(inChannels, outChannels, kernel_size: 3, padding: 1, bias: false);
        norm = Layers.BatchNorm2d(outChannels);
        pool = nn.MaxPool2d(kernel_size: 2, stride: 2, ceil_mode: true);
        RegisterComponents();
    }

    /// <summary>Channels in.</summary>
    public int InChannels { get; }

    /// <summary>Channels out.</summary>
    public int OutChannels { get; }

    /// <summary>N×in×H×W to N×out×⌈H/2⌉×⌈W/2⌉.</summary>
    public override Tensor forward(Tensor input)
    {
        if (!training && norm.track_running_stats && norm.running_mean is { } mean && norm.running_var is { } variance)
        {
            using var folded = FoldedConvolution(input, mean, variance);
            using var activatedFolded = nn.functional.relu(folded, inplace: true);
            return pool.call(activatedFolded);
        }
        // Intermediates are released as soon as the next layer has consumed them; autograd keeps its
        // own references to what backward needs. ReLU works in place on the normalised map.
        using var convolved = conv.call(input);
        using var normalised = norm.call(convolved);
        using var activated = nn.functional.relu(normalised, inplace: true);
        return pool.call(activated);
    }

    /// <summary>
    /// conv(x)·γ/√(σ²+ε) + β − μ·γ/√(σ²+ε) computed as one convolution with scaled weights and a bias.
    /// The weights are rescaled on every call (a few hundred thousand values, against millions in the
    /// feature maps), so nothing cached can go stale when weights are loaded or trained.
    /// </summary>
    private Tensor FoldedConvolution(Tensor input, Tensor mean, Tensor variance)
    {
        using var scope = NewDisposeScope();
        var scale = variance.add(Scalars.Of(norm.eps), Scalars.One).rsqrt_();
        if (norm.weight is { } gamma) scale = scale * gamma;
        var shift = mean.neg() * scale;
        if (norm.bias is { } beta) shift = shift.add(beta, Scalars.One);
        // The product keeps the weights' memory order, so a channels-last network stays channels-last.
        var weight = conv.weight! * scale.reshape(-1, 1, 1, 1);
        return nn.functional.conv2d(input, weight, shift, padding: new long[] { 1, 1 }).MoveToOuterDisposeScope();
    }
}
