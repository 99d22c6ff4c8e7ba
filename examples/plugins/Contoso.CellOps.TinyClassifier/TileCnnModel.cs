using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace Contoso.CellOps.TinyClassifier;

/// <summary>
/// Two 3×3 convolution blocks and a linear head that classify 32×32 single-channel tiles as negative or
/// positive. The host's standard trainer does the rest: batching, Adam, validation, checkpoints.
/// </summary>
public sealed class TileCnnModel : ISupervisedModel
{
    /// <inheritdoc />
    public string Name => "TileCnn";

    /// <inheritdoc />
    public string Description => "Two 3×3 convolution blocks, global average pooling and a linear head: a tiny negative/positive tile classifier.";

    /// <inheritdoc />
    public ModelTask Task => ModelTask.TileClassification;

    /// <inheritdoc />
    public InputSpec Input { get; } = new(TileSize: 32, Channels: 1, Normalization.PerTileStandardize);

    /// <inheritdoc />
    public TileTarget Target => TileTarget.Label;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = new[] { "negative", "positive" };

    /// <inheritdoc />
    public IReadOnlyList<HyperParameter> HyperParameters { get; } = new[]
    {
        new HyperParameter("Width", HyperParameterKind.Integer, 4, 64, 16, "Channels of the first convolution; the second has twice as many."),
        new HyperParameter("LearningRate", HyperParameterKind.LogReal, 1e-5, 1e-1, 1e-3, "Adam step size."),
    };

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters)
    {
        int width = hyperParameters.GetInt("Width");
        return nn.Sequential(
            ("conv1", nn.Conv2d(Input.Channels, width, 3, padding: 1)),
            ("relu1", nn.ReLU()),
            ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(width, 2 * width, 3, padding: 1)),
            ("relu2", nn.ReLU()),
            ("pool2", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("head", nn.Linear(2 * width, ClassNames.Count)));
    }

    /// <summary>Cross-entropy, weighted per class where the host passes weights (for imbalanced tile sets).</summary>
    public Tensor ComputeLoss(Tensor output, Tensor target, Tensor? classWeights) =>
        nn.functional.cross_entropy(output, target, weight: classWeights);
}
