using CellOps.Sdk.Torch;
using CellOps.Sdk.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.IpsColony;

/// <summary>
/// A small U-Net: three encoder stages (width, 2·width, 4·width), two decoder stages that upsample
/// with transposed convolutions and join the encoder's map of the same size, and a 1×1 convolution to
/// K class logits per pixel, returned as N×K×(H·W).
/// </summary>
public sealed class UNetNetwork : nn.Module<Tensor, Tensor>, ITransferableNetwork
{
    private readonly UNetBody backbone;
    private Conv2d head;

    /// <summary>Builds the network with fresh weights on the CPU.</summary>
    public UNetNetwork(int inChannels, int classes, int width) : base(nameof(UNetNetwork))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        backbone = new UNetBody(inChannels, width);
        head = nn.Conv2d(width, classes, kernel_size: 1);
        RegisterComponents();
    }

    /// <inheritdoc />
    public nn.Module Backbone => backbone;

    /// <inheritdoc />
    public nn.Module Head => head;

    /// <inheritdoc />
    public int ClassCount => (int)head.weight!.shape[0];

    /// <inheritdoc />
    public void ReplaceHead(int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        head = HeadSwap.Replace(this, nameof(head), head, nn.Conv2d(backbone.OutputChannels, classCount, kernel_size: 1), backbone);
    }

    /// <summary>N×C×H×W patches to N×K×(H·W) per-pixel logits.</summary>
    public override Tensor forward(Tensor input)
    {
        using var features = backbone.call(input);
        using var logits = head.call(features);
        return logits.flatten(2);
    }
}
