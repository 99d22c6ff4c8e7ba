using static TorchSharp.torch;

namespace CellOps.Runtime.Attention;

/// <summary>
/// The layer whose feature map Grad-CAM explains: a module of the network, which of its calls in one
/// forward pass (a module may run more than once), and the shape of the map it gives.
/// </summary>
public sealed class AttentionLayer
{
    internal AttentionLayer(string name, nn.Module<Tensor, Tensor> module, int call, IReadOnlyList<long> shape)
    {
        Name = name;
        Module = module;
        Call = call;
        Shape = shape;
    }

    /// <summary>The module's name in the network, e.g. <c>backbone</c> or <c>blocks.1</c>.</summary>
    public string Name { get; }

    /// <summary>The module.</summary>
    public nn.Module<Tensor, Tensor> Module { get; }

    /// <summary>Which call of the module in one forward pass gives the map (0 = the first).</summary>
    public int Call { get; }

    /// <summary>The map's shape for the batch it was found with (N×C×h×w).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Where each cell of the map looks in the tile; null where it could not be traced (the map is then resized plainly).</summary>
    public FeatureGeometry? Geometry { get; init; }

    /// <summary>Channels of the map.</summary>
    public long Channels => Shape[1];

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Shape[1]}×{Shape[2]}×{Shape[3]})";
}
