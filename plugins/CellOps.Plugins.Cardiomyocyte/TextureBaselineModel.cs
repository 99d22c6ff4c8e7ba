using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Plugins.Cardiomyocyte;

/// <summary>
/// The baseline beside the tile classifier: the same tiles, labels, training, prediction and scores, but a
/// logistic regression on each tile's brightness and texture instead of a CNN (see
/// <see cref="TextureBaselineNetwork"/>). Where the CNN is no better, it has learnt nothing beyond those.
/// </summary>
public sealed class TextureBaselineModel : ISupervisedModel
{
    /// <summary>Hyperparameter name: Adam's learning rate.</summary>
    public const string LearningRate = "LearningRate";

    private static readonly HyperParameter[] Declared =
    {
        new(LearningRate, HyperParameterKind.LogReal, 1e-4, 1, 0.05, "Adam learning rate."),
    };

    /// <inheritdoc />
    public string Name => "TextureBaseline";

    /// <inheritdoc />
    public string Description =>
        "Logistic regression of a 64×64 tile's label on its mean intensity, contrast and texture: the baseline the TileClassifier CNN must beat.";

    /// <inheritdoc />
    public ModelTask Task => ModelTask.TileClassification;

    /// <summary>Intensities scaled to 0..1, so brightness itself is a feature (a per-tile standardisation would erase it).</summary>
    public InputSpec Input { get; } = new(64, 1, Normalization.UnitRange);

    /// <inheritdoc />
    public TileTarget Target => TileTarget.Label;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => TileClassifierModel.Classes;

    /// <inheritdoc />
    public IReadOnlyList<HyperParameter> HyperParameters => Declared;

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters) => new TextureBaselineNetwork(ClassNames.Count);

    /// <summary>Cross entropy of the logits against the class indices, weighted per class where weights are given.</summary>
    /// <inheritdoc />
    public Tensor ComputeLoss(Tensor output, Tensor target, Tensor? classWeights) =>
        nn.functional.cross_entropy(output, target, classWeights);
}
