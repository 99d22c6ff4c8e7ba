using CellOps.Sdk.Torch;
using CellOps.Sdk.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Plugins.IpsColony;

/// <summary>
/// The study's network: a <see cref="PatchEncoder"/> backbone and a <see cref="DistributionHead"/> that
/// gives a class distribution for every cell of each output grid.
/// </summary>
public sealed class ClassDistributionNetwork : nn.Module<Tensor, Tensor>, ITransferableNetwork
{
    private readonly PatchEncoder backbone;
    private DistributionHead head;
    private readonly int[] grids;

    /// <summary>Builds the network with fresh weights on the CPU.</summary>
    public ClassDistributionNetwork(int inChannels, int classes, int width, IReadOnlyList<int> grids) : base(nameof(ClassDistributionNetwork))
    {
        this.grids = grids.ToArray();
        backbone = new PatchEncoder(inChannels, width);
        head = new DistributionHead(backbone.FeatureChannels, classes, this.grids);
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
        head = HeadSwap.Replace(this, nameof(head), head, new DistributionHead(backbone.FeatureChannels, classCount, grids), backbone);

    /// <summary>N×C×64×64 patches to N×K×Σr² logits.</summary>
    public override Tensor forward(Tensor input)
    {
        using var features = backbone.call(input);
        return head.call(features);
    }
}
