using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.Leukocyte;

/// <summary>
/// One convolution layer of W-Net's feature extractor: 3×3 convolution, batch normalisation, ReLU,
/// then 2×2 max pooling that halves the map (rounding up, so small inputs never vanish).
/// </summary>
/// <remarks>The convolution has no bias: the batch normalisation after it brings its own shift.</remarks>
public sealed class WNetConvBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d norm;
    private readonly MaxPool2d pool;

    /// <summary>Creates a block.</summary>
    /// <param name="inChannels">Channels in.</param>
    /// <param name="outChannels">Channels out.</param>
    public WNetConvBlock(int inChannels, int outChannels) : base(nameof(WNetConvBlock))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        conv = nn.Conv2d(inChannels, outChannels, kernel_size: 3, padding: 1, bias: false);
        norm = nn.BatchNorm2d(outChannels);
        pool = nn.MaxPool2d(kernel_size: 2, stride: 2, ceil_mode: true);
        RegisterComponents();
    }

    /// <summary>N×in×H×W to N×out×⌈H/2⌉×⌈W/2⌉.</summary>
    public override Tensor forward(Tensor input)
    {
        // Intermediates go as soon as the next layer has read them; autograd keeps what backward needs.
        using var convolved = conv.call(input);
        using var normalised = norm.call(convolved);
        using var activated = nn.functional.relu(normalised, inplace: true);
        return pool.call(activated);
    }
}
