using CellOps.Sdk.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.Leukocyte;

/// <summary>
/// One convolution layer of W-Net's feature extractor: 3×3 convolution, optionally normalisation,
/// ReLU, then 2×2 max pooling that halves the map (rounding up, so small inputs never vanish).
/// </summary>
/// <remarks>
/// On the white-cell crops batch normalisation (the default) measured best: held-out accuracy 0.77
/// and balanced accuracy 0.67 over five seeds with balanced sampling, against 0.52 / 0.50 without
/// normalisation and 0.36 / 0.34 with group normalisation (bench/wnet-normalization.ps1).
/// </remarks>
public sealed class WNetConvBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly nn.Module<Tensor, Tensor>? norm;
    private readonly MaxPool2d pool;

    /// <summary>Creates a block.</summary>
    /// <param name="inChannels">Channels in.</param>
    /// <param name="outChannels">Channels out.</param>
    /// <param name="normalization">What follows the convolution.</param>
    public WNetConvBlock(int inChannels, int outChannels, WNetNormalization normalization = WNetNormalization.None) : base(nameof(WNetConvBlock))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        // A normalisation's shift makes the convolution's bias redundant.
        conv = nn.Conv2d(inChannels, outChannels, kernel_size: 3, padding: 1, bias: normalization == WNetNormalization.None);
        norm = normalization switch
        {
            WNetNormalization.Group => Layers.GroupNorm(Groups(outChannels), outChannels),
            WNetNormalization.Batch => Layers.BatchNorm2d(outChannels),
            _ => null,
        };
        pool = nn.MaxPool2d(kernel_size: 2, stride: 2, ceil_mode: true);
        RegisterComponents();
    }

    /// <summary>N×in×H×W to N×out×⌈H/2⌉×⌈W/2⌉.</summary>
    public override Tensor forward(Tensor input)
    {
        // Intermediates go as soon as the next layer has read them; autograd keeps what backward needs.
        using var convolved = conv.call(input);
        using var normalised = norm is null ? null : norm.call(convolved);
        using var activated = nn.functional.relu(normalised ?? convolved);
        return pool.call(activated);
    }

    // Eight groups as far as the width divides (Wu and He's 32 is more than these narrow layers have).
    private static int Groups(int channels) => new[] { 8, 4, 2 }.FirstOrDefault(g => channels % g == 0 && channels >= g, 1);
}
