using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Tests.Runtime;

/// <summary>A plugin with one tiny classifier, small enough to train in a test in well under a second.</summary>
internal sealed class TinyPlugin : ICellPlugin
{
    public string Id => "Tiny";
    public Version Version { get; } = new(1, 2, 0);
    public StudyReference Study { get; } = new("Test study", "CellOps tests (2026)");
    public IReadOnlyList<ICellModel> Models { get; } = new ICellModel[] { new TinyModel() };
    public static TinyModel Model => (TinyModel)new TinyPlugin().Models[0];
}

/// <summary>
/// A model over the Cardiomyocyte plugin's network at its smallest (two blocks of 8 to 16 channels, with
/// dropout, so a resume must restore the random state), on 32×32 tiles: trains in well under a second.
/// </summary>
internal sealed class TinyModel : ISupervisedModel
{
    public const int TileSize = 32;
    public string Name => "Blob";
    public string Description => "Finds a bright blob.";
    public ModelTask Task => ModelTask.TileClassification;
    public InputSpec Input { get; } = new(TileSize, 1, Normalization.PerTileStandardize);
    public TileTarget Target => TileTarget.Label;
    public IReadOnlyList<string> ClassNames { get; } = new[] { "empty", "blob" };
    public IReadOnlyList<HyperParameter> HyperParameters { get; } = new[]
    {
        new HyperParameter("Width", HyperParameterKind.Integer, 8, 16, 8, "Channels of the first block."),
        new HyperParameter("LearningRate", HyperParameterKind.LogReal, 1e-4, 1e-1, 5e-3, "Adam's step size."),
    };

    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters) =>
        new CellOps.Plugins.Cardiomyocyte.TileClassifierNetwork(1, 2, depth: 2, baseWidth: hyperParameters.GetInt("Width"), dropout: 0.2);

    public Tensor ComputeLoss(Tensor output, Tensor target, Tensor? classWeights) =>
        nn.functional.cross_entropy(output, target, classWeights);
}
