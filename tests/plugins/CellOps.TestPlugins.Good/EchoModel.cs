using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using static TorchSharp.torch;

namespace CellOps.TestPlugins.Good;

/// <summary>A 1×1 convolution: image in, image out.</summary>
public sealed class EchoModel : ICellModel
{
    public string Name => "Echo";

    public string Description => "A 1×1 convolution.";

    public ModelTask Task => ModelTask.ImageTranslation;

    public InputSpec Input { get; } = new(8, 1, Normalization.PerTileStandardize);

    public TileTarget Target => TileTarget.Image;

    public IReadOnlyList<string> ClassNames { get; } = Array.Empty<string>();

    public IReadOnlyList<HyperParameter> HyperParameters { get; } = Array.Empty<HyperParameter>();

    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters) => nn.Conv2d(1, 1, 1);
}
