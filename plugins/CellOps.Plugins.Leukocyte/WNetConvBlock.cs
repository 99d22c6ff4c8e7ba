using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.Leukocyte;

/// <summary>
/// One convolution layer of W-Net's feature extractor: 3×3 convolution, ReLU, then 2×2 max pooling
/// that halves the map (rounding up, so small inputs never vanish).
/// </summary>
/// <remarks>
/// No batch normalisation: with a few hundred crops an epoch is a handful of batches, too few for
/// the running statistics that evaluation uses to catch up with the weights, and a normalised network
/// that classifies well in training then calls every crop the same type in evaluation.
/// </remarks>
public sealed class WNetConvBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly MaxPool2d pool;

    /// <summary>Creates a block.</summary>
    /// <param name="inChannels">Channels in.</param>
    /// <param name="outChannels">Channels out.</param>
    public WNetConvBlock(int inChannels, int outChannels) : base(nameof(WNetConvBlock))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        conv = nn.Conv2d(inChannels, outChannels, kernel_size: 3, padding: 1);
        pool = nn.MaxPool2d(kernel_size: 2, stride: 2, ceil_mode: true);
        RegisterComponents();
    }

    /// <summary>N×in×H×W to N×out×⌈H/2⌉×⌈W/2⌉.</summary>
    public override Tensor forward(Tensor input)
    {
        // Intermediates go as soon as the next layer has read them; autograd keeps what backward needs.
        using var convolved = conv.call(input);
        using var activated = nn.functional.relu(convolved);
        return pool.call(activated);
    }
}
