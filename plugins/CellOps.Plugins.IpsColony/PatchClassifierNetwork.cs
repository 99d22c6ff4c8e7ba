using CellOps.Sdk.Torch;
using CellOps.Sdk.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Plugins.IpsColony;

/// <summary>The patch-classification baseline's network: <see cref="PatchEncoder"/> and <see cref="PatchClassifierHead"/>.</summary>
public sealed class PatchClassifierNetwork : nn.Module<Tensor, Tensor>, ITransferableNetwork
{
    private readonly PatchEncoder backbone;
    private PatchClassifierHead head;
    private readonly long features;

    /// <summary>Builds the network with fresh weights on the CPU.</summary>
    public PatchClassifierNetwork(int inChannels, int tileSize, int classes, int width, int hiddenUnits, double dropout) : base(nameof(PatchClassifierNetwork))
    {
        backbone = new PatchEncoder(inChannels, width);
        long side = tileSize / PatchEncoder.Reduction;
        features = backbone.FeatureChannels * side * side;
        head = new PatchClassifierHead(features, hiddenUnits, classes, dropout);
        RegisterComponents();
    }

    /// <inheritdoc />
    public nn.Module Backbone => backbone;

    /// <inheritdoc />
    public nn.Module Head => head;

    /// <inheritdoc />
    public int ClassCount => head.ClassCount;

    /// <inheritdoc />
    public void ReplaceHead(int classCount) =>
        head = HeadSwap.Replace(this, nameof(head), head, new PatchClassifierHead(features, head.HiddenUnits, classCount, head.DropoutRate), backbone);

    /// <summary>N×C×64×64 patches to N×K logits.</summary>
    public override Tensor forward(Tensor input)
    {
        using var map = backbone.call(input);
        return head.call(map);
    }
}
