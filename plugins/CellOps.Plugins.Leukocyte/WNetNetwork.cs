using CellOps.Sdk.Torch;
using CellOps.Sdk.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Plugins.Leukocyte;

/// <summary>
/// W-Net: a <see cref="WNetBackbone"/> of a few convolution layers and a <see cref="WNetHead"/> of two
/// fully connected layers, registered as <c>backbone</c> and <c>head</c> so a trained backbone can
/// be frozen and the head replaced for other classes.
/// </summary>
public sealed class WNetNetwork : nn.Module<Tensor, Tensor>, ITransferableNetwork
{
    private readonly WNetBackbone backbone;
    private WNetHead head;
    private readonly int hiddenUnits;
    private readonly double dropout;

    /// <summary>Builds the network with fresh weights on the CPU.</summary>
    /// <param name="inChannels">Input channels (3 for RGB crops).</param>
    /// <param name="classes">Classes, at least 2.</param>
    /// <param name="depth">Convolution blocks.</param>
    /// <param name="baseWidth">Channels of the first block; doubles per block.</param>
    /// <param name="hiddenUnits">Units of the head's hidden layer.</param>
    /// <param name="dropout">Dropout probability in the head, in [0, 1).</param>
    /// <param name="normalization">What follows each convolution of the backbone.</param>
    public WNetNetwork(int inChannels, int classes, int depth, int baseWidth, int hiddenUnits, double dropout, WNetNormalization normalization = WNetNormalization.None)
        : base(nameof(WNetNetwork))
    {
        backbone = new WNetBackbone(inChannels, depth, baseWidth, normalization);
        head = new WNetHead(backbone.FeatureCount, hiddenUnits, classes, dropout);
        this.hiddenUnits = hiddenUnits;
        this.dropout = dropout;
        RegisterComponents();
    }

    /// <inheritdoc />
    public nn.Module Backbone => backbone;

    /// <inheritdoc />
    public nn.Module Head => head;

    /// <inheritdoc />
    public int ClassCount => head.ClassCount;

    /// <inheritdoc />
    public void ReplaceHead(int classCount)
    {
        head = HeadSwap.Replace(this, nameof(head), head, new WNetHead(backbone.FeatureCount, hiddenUnits, classCount, dropout), backbone);
    }

    /// <summary>N×C×H×W crops to N×K logits.</summary>
    public override Tensor forward(Tensor input)
    {
        using var features = backbone.call(input);
        return head.call(features);
    }
}
