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
/// own shift, so a bias there would be a redundant parameter.
/// </remarks>
public sealed class ConvBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d norm;
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
        norm = nn.BatchNorm2d(outChannels);
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
        // Intermediates are released as soon as the next layer has consumed them; autograd keeps its
        // own references to what backward needs. ReLU works in place on the normalised map.
        using var convolved = conv.call(input);
        using var normalised = norm.call(convolved);
        using var activated = nn.functional.relu(normalised, inplace: true);
        return pool.call(activated);
    }
}
