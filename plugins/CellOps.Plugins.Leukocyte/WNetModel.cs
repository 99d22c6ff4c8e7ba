using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Plugins.Leukocyte;

/// <summary>
/// The study's classifier: a whole white-cell crop, resized to 64×64 and kept in colour (the stain's
/// hues tell granulocytes apart), classified into the five types by W-Net, a CNN of a few convolution
/// layers (four by default) and two fully connected ones. Classes are the cell types in alphabetical order; a tile set
/// with other classes (e.g. cell kinds for pre-training) trains the same network with a head of its own.
/// </summary>
/// <remarks>
/// The study trains on larger crops; 64×64 keeps training on a laptop CPU to minutes while the nucleus
/// shape and the granules stay visible. Each colour channel of a crop is standardised on its own
/// (mean 0, deviation 1): what stays is where each channel is darker or lighter, which is where the
/// stain's hues mark nucleus and granules, and what goes is the slide-to-slide shift in stain strength
/// and illumination.
/// </remarks>
public sealed class WNetModel : ISupervisedModel
{
    /// <summary>Hyperparameter name: convolution blocks.</summary>
    public const string Depth = "Depth";

    /// <summary>Hyperparameter name: channels of the first block.</summary>
    public const string BaseWidth = "BaseWidth";

    /// <summary>Hyperparameter name: units of the head's hidden layer.</summary>
    public const string HiddenUnits = "HiddenUnits";

    /// <summary>Hyperparameter name: dropout in the head.</summary>
    public const string Dropout = "Dropout";

    /// <summary>Hyperparameter name: Adam learning rate.</summary>
    public const string LearningRate = "LearningRate";

    /// <summary>Hyperparameter name: Adam weight decay.</summary>
    public const string WeightDecay = "WeightDecay";

    /// <summary>Hyperparameter name: the normalisation after each convolution (None, Group, Batch).</summary>
    public const string Normalization = "Normalization";

    private static readonly string[] Classes = { "Basophil", "Eosinophil", "Lymphocyte", "Monocyte", "Neutrophil" };

    private static readonly HyperParameter[] Declared =
    {
        new(Depth, HyperParameterKind.Integer, 1, 5, 4, "Convolution blocks (conv3×3-ReLU-maxpool); each halves the crop."),
        new(BaseWidth, HyperParameterKind.Integer, 4, 64, 16, "Channels of the first block; doubles per block."),
        new(HiddenUnits, HyperParameterKind.Integer, 8, 512, 64, "Units of the hidden fully connected layer."),
        new(Dropout, HyperParameterKind.Real, 0, 0.8, 0.3, "Dropout probability before each fully connected layer."),
        new(LearningRate, HyperParameterKind.LogReal, 1e-5, 1e-1, 2e-3, "Adam learning rate."),
        new(WeightDecay, HyperParameterKind.LogReal, 1e-7, 1e-2, 1e-4, "Adam weight decay (L2)."),
        // Batch normalisation measured best on the white-cell crops (bench/wnet-normalization.ps1, README);
        // packages trained before the choice existed (Leukocyte 0.1) have no normalisation.
        new(Normalization, Enum.GetNames<WNetNormalization>(), nameof(WNetNormalization.Batch), "After each convolution: Batch (batch normalisation, the default), Group (group normalisation) or None.")
        {
            ValueInOlderPackages = Array.IndexOf(Enum.GetNames<WNetNormalization>(), nameof(WNetNormalization.None)),
        },
    };

    /// <inheritdoc />
    public string Name => "WNet";

    /// <inheritdoc />
    public string Description =>
        "Classifies whole white-blood-cell crops (64×64 RGB) into basophil, eosinophil, lymphocyte, monocyte and neutrophil; " +
        "backbone and head are separate, for transfer learning.";

    /// <inheritdoc />
    public ModelTask Task => ModelTask.TileClassification;

    /// <inheritdoc />
    public InputSpec Input { get; } = new(64, 3, CellOps.Sdk.Models.Normalization.PerTileStandardize);

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
        return new WNetNetwork(
            Input.Channels,
            Classes.Length,
            hyperParameters.GetInt(Depth),
            hyperParameters.GetInt(BaseWidth),
            hyperParameters.GetInt(HiddenUnits),
            hyperParameters.GetReal(Dropout),
            Enum.Parse<WNetNormalization>(hyperParameters.GetChoice(Normalization), ignoreCase: true));
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
