using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using static TorchSharp.torch;

namespace CellOps.TestPlugins.Helper;

/// <summary>A base class a plugin's model derives from; this library holds no entry type.</summary>
public abstract class ModelBase : ICellModel
{
    public abstract string Name { get; }

    public string Description => "From the helper library.";

    public ModelTask Task => ModelTask.TileClassification;

    public InputSpec Input { get; } = new(4, 1, Normalization.None);

    public TileTarget Target => TileTarget.Label;

    public IReadOnlyList<string> ClassNames { get; } = new[] { "a", "b" };

    public IReadOnlyList<HyperParameter> HyperParameters { get; } = Array.Empty<HyperParameter>();

    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters) => nn.Linear(16, 2);
}
