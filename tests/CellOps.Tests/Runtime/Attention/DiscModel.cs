using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Tests.Runtime.Attention;

/// <summary>A plugin with <see cref="DiscModel"/> alone.</summary>
internal sealed class DiscPlugin : ICellPlugin
{
    public string Id => "Disc";
    public Version Version { get; } = new(1, 0, 0);
    public StudyReference Study { get; } = new("Test study", "CellOps tests (2026)");
    public IReadOnlyList<ICellModel> Models { get; } = new ICellModel[] { new DiscModel() };
    public static DiscModel Model => (DiscModel)new DiscPlugin().Models[0];
}

/// <summary>
/// <see cref="TinyModel"/>'s network on the disc tiles, with the pixels scaled to 0..1 rather than
/// standardised per tile: a bright disc widens a tile's spread, so standardising would dim the noise
/// of every blob tile, a cue the network could use anywhere in the tile. Scaled, the disc is the only cue.
/// </summary>
internal sealed class DiscModel : ISupervisedModel
{
    public string Name => "Disc";
    public string Description => "Finds a bright disc.";
    public ModelTask Task => ModelTask.TileClassification;
    public InputSpec Input { get; } = new(TinyModel.TileSize, 1, Normalization.UnitRange);
    public TileTarget Target => TileTarget.Label;
    public IReadOnlyList<string> ClassNames { get; } = new[] { "plain", "blob" };
    public IReadOnlyList<HyperParameter> HyperParameters { get; } = new[]
    {
        new HyperParameter("LearningRate", HyperParameterKind.LogReal, 1e-4, 1e-1, 1e-2, "Adam's step size."),
    };

    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters) =>
        new CellOps.Plugins.Cardiomyocyte.TileClassifierNetwork(1, 2, depth: 2, baseWidth: 8, dropout: 0);

    public Tensor ComputeLoss(Tensor output, Tensor target, Tensor? classWeights) =>
        nn.functional.cross_entropy(output, target, classWeights);
}
