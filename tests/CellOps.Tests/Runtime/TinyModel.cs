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

/// <summary>Two convolutions, global max pooling, dropout (so resume must restore the random state) and a linear head.</summary>
internal sealed class TinyModel : ISupervisedModel
{
    public const int TileSize = 16;
    public string Name => "Blob";
    public string Description => "Finds a bright blob.";
    public ModelTask Task => ModelTask.TileClassification;
    public InputSpec Input { get; } = new(TileSize, 1, Normalization.PerTileStandardize);
    public TileTarget Target => TileTarget.Label;
    public IReadOnlyList<string> ClassNames { get; } = new[] { "empty", "blob" };
    public IReadOnlyList<HyperParameter> HyperParameters { get; } = new[]
    {
        new HyperParameter("Width", HyperParameterKind.Integer, 2, 16, 6, "Channels of both convolutions."),
        new HyperParameter("LearningRate", HyperParameterKind.LogReal, 1e-4, 1e-1, 2e-2, "Adam's step size."),
    };

    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters)
    {
        int width = hyperParameters.GetInt("Width");
        return nn.Sequential(
            nn.Conv2d(1, width, 3, padding: 1),
            nn.ReLU(),
            nn.Conv2d(width, width, 3, padding: 1),
            nn.ReLU(),
            nn.AdaptiveMaxPool2d(new long[] { 1, 1 }),
            nn.Flatten(),
            nn.Dropout(0.2),
            nn.Linear(width, 2));
    }

    public Tensor ComputeLoss(Tensor output, Tensor target, Tensor? classWeights) =>
        nn.functional.cross_entropy(output, target, classWeights);
}
