using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Plugins.NeuralFate;

/// <summary>
/// The study's classifier: a ResNet (the study's ResNet-50, or the lighter ResNet-18) predicting a
/// neural stem cell's fate from a bright-field image. Declared classes are the binary task's, glia and
/// neuron; a tile set with other fates (the multiclass task) trains the same network with a head of
/// its own, and the package records those classes.
/// </summary>
/// <remarks>
/// The input is three channels normalised as ImageNet's (unit range, then the per-channel mean
/// 0.485/0.456/0.406 and deviation 0.229/0.224/0.225), so weights pretrained on ImageNet and imported
/// from PyTorch see what they were trained on; the host repeats a grayscale bright-field micrograph
/// into the three channels. The network pools its features globally and so takes tiles of any size:
/// 224 (ImageNet's) is suggested; a package records the size it was trained on and predicts at it.
/// </remarks>
public sealed class ResNetModel : ISupervisedModel
{
    /// <summary>Hyperparameter name: Adam learning rate.</summary>
    public const string LearningRate = "LearningRate";

    /// <summary>Hyperparameter name: Adam weight decay.</summary>
    public const string WeightDecay = "WeightDecay";

    /// <summary>Hyperparameter name: dropout before the classifier.</summary>
    public const string Dropout = "Dropout";

    /// <summary>Hyperparameter name: whether batch norms keep their running statistics while training (False, True).</summary>
    public const string FreezeBatchNorm = "FreezeBatchNorm";

    /// <summary>ImageNet's per-channel mean and deviation, on pixels scaled to 0..1.</summary>
    public static Normalization ImageNet { get; } = new(NormalizationKind.Fixed, new[] { 0.485f, 0.456f, 0.406f }, new[] { 0.229f, 0.224f, 0.225f });

    private static readonly string[] Classes = { "Glia", "Neuron" };

    private static readonly HyperParameter[] Declared =
    {
        new(LearningRate, HyperParameterKind.LogReal, 1e-6, 1e-1, 1e-3, "Adam learning rate (1e-4 or less suits fine-tuning imported weights)."),
        new(WeightDecay, HyperParameterKind.LogReal, 1e-7, 1e-2, 1e-4, "Adam weight decay (L2)."),
        new(Dropout, HyperParameterKind.Real, 0, 0.8, 0, "Dropout probability before the classifier's linear layer (torchvision's ResNet has none)."),
        new(FreezeBatchNorm, new[] { "False", "True" }, "False",
            "True keeps every batch norm in evaluation mode while training: running statistics stay as they are (as when fine-tuning on a small set)."),
    };

    private readonly ResNetArchitecture architecture;

    /// <summary>A model of the given ResNet.</summary>
    public ResNetModel(ResNetArchitecture architecture)
    {
        this.architecture = architecture ?? throw new ArgumentNullException(nameof(architecture));
    }

    /// <summary>The ResNet this model builds.</summary>
    public ResNetArchitecture Architecture => architecture;

    /// <inheritdoc />
    public string Name => architecture.Name;

    /// <inheritdoc />
    public string Description =>
        $"Predicts neural stem cell fate (glia vs neuron, or the tile set's fates) from bright-field images with torchvision's {architecture.DisplayName}; " +
        "tiles of any size (224 suggested), grayscale repeated to 3 ImageNet-normalised channels, so PyTorch's ImageNet weights can be imported.";

    /// <inheritdoc />
    public ModelTask Task => ModelTask.TileClassification;

    /// <inheritdoc />
    public InputSpec Input { get; } = new(224, 3, ImageNet) { AnyTileSize = true };

    /// <inheritdoc />
    public TileTarget Target => TileTarget.ImageClass;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => Classes;

    /// <inheritdoc />
    public IReadOnlyList<HyperParameter> HyperParameters => Declared;

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters)
    {
        ArgumentNullException.ThrowIfNull(hyperParameters);
        return new ResNetNetwork(architecture, Classes.Length, hyperParameters.GetReal(Dropout),
            hyperParameters.GetChoice(FreezeBatchNorm) == "True", Input.Channels);
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
