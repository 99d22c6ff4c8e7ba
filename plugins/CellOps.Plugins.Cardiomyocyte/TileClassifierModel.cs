using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Plugins.Cardiomyocyte;

/// <summary>
/// The study's tile classifier: 64×64 phase-contrast tiles, each labelled positive where its share of
/// binarized NKX2.5-GFP area reaches the threshold, classified by a small CNN whose depth, width,
/// dropout, learning rate and weight decay are searched (the paper tuned them by Bayesian optimisation).
/// The fraction of positive tiles estimates the differentiation efficiency.
/// </summary>
public sealed class TileClassifierModel : ISupervisedModel
{
    /// <summary>Hyperparameter name: number of conv blocks.</summary>
    public const string Depth = "Depth";

    /// <summary>Hyperparameter name: channels of the first block.</summary>
    public const string BaseWidth = "BaseWidth";

    /// <summary>Hyperparameter name: dropout before the head.</summary>
    public const string Dropout = "Dropout";

    /// <summary>Hyperparameter name: Adam learning rate.</summary>
    public const string LearningRate = "LearningRate";

    /// <summary>Hyperparameter name: Adam weight decay.</summary>
    public const string WeightDecay = "WeightDecay";

    internal static readonly string[] Classes = { "negative", "positive" };

    private static readonly HyperParameter[] Declared =
    {
        new(Depth, HyperParameterKind.Integer, 2, 6, 4, "Conv blocks (conv3×3-BatchNorm-ReLU-maxpool); each halves the tile."),
        new(BaseWidth, HyperParameterKind.Integer, 8, 128, 32, "Channels of the first block; doubles per block up to 256."),
        new(Dropout, HyperParameterKind.Real, 0, 0.7, 0.3, "Dropout probability before the linear head."),
        new(LearningRate, HyperParameterKind.LogReal, 1e-5, 1e-1, 1e-3, "Adam learning rate."),
        new(WeightDecay, HyperParameterKind.LogReal, 1e-7, 1e-2, 1e-5, "Adam weight decay (L2)."),
    };

    /// <inheritdoc />
    public string Name => "TileClassifier";

    /// <inheritdoc />
    public string Description =>
        "Classifies 64×64 phase-contrast tiles as NKX2.5-positive or negative; the positive-tile fraction estimates cardiomyocyte differentiation efficiency.";

    /// <inheritdoc />
    public ModelTask Task => ModelTask.TileClassification;

    /// <inheritdoc />
    public InputSpec Input { get; } = new(64, 1, Normalization.PerTileStandardize);

    /// <inheritdoc />
    public TileTarget Target => TileTarget.Label;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => Classes;

    /// <inheritdoc />
    public IReadOnlyList<HyperParameter> HyperParameters => Declared;

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters)
    {
        ArgumentNullException.ThrowIfNull(hyperParameters);
        return new TileClassifierNetwork(
            Input.Channels,
            Classes.Length,
            hyperParameters.GetInt(Depth),
            hyperParameters.GetInt(BaseWidth),
            hyperParameters.GetReal(Dropout));
    }

    /// <summary>Cross entropy of the logits against the class indices, weighted per class where weights are given.</summary>
    /// <inheritdoc />
    public Tensor ComputeLoss(Tensor output, Tensor target, Tensor? classWeights)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        return nn.functional.cross_entropy(output, target, weight: classWeights);
    }
}
