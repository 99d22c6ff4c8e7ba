using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Plugins.IpsColony;

/// <summary>
/// The study's first baseline: each 64×64 patch is labelled with the class of its centre pixel (patches
/// centred on the uncertain class are left out) and classified as a whole. For a map, Invoke-CellModel
/// slides the patch every few pixels and gives each call the block around the patch's centre.
/// </summary>
public sealed class PatchClassifierModel : ISupervisedModel
{
    /// <summary>Hyperparameter name: units of the hidden fully connected layer.</summary>
    public const string HiddenUnits = "HiddenUnits";

    /// <summary>Hyperparameter name: dropout before the fully connected layers.</summary>
    public const string Dropout = "Dropout";

    private static readonly HyperParameter[] Declared =
    {
        ColonyImages.Width(16),
        new(HiddenUnits, HyperParameterKind.Integer, 8, 512, 64, "Units of the hidden fully connected layer."),
        new(Dropout, HyperParameterKind.Real, 0, 0.8, 0.3, "Dropout probability before the fully connected layers."),
        ColonyImages.Rate(1e-3),
        ColonyImages.Decay,
    };

    /// <inheritdoc />
    public string Name => "PatchClassifier";

    /// <inheritdoc />
    public string Description =>
        "Baseline: classifies the centre pixel of each 64×64 patch (New-TileSet -Target CenterClass); maps come from patches slid every few pixels.";

    /// <inheritdoc />
    public ModelTask Task => ModelTask.TileClassification;

    /// <inheritdoc />
    public InputSpec Input => ColonyImages.Input;

    /// <inheritdoc />
    public TileTarget Target => TileTarget.CenterClass;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => ColonyImages.Classes;

    /// <inheritdoc />
    public IReadOnlyList<HyperParameter> HyperParameters => Declared;

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters)
    {
        ArgumentNullException.ThrowIfNull(hyperParameters);
        return new PatchClassifierNetwork(Input.Channels, Input.TileSize, ColonyImages.Classes.Count,
            hyperParameters.GetInt(ColonyImages.BaseWidth), hyperParameters.GetInt(HiddenUnits), hyperParameters.GetReal(Dropout));
    }

    /// <summary>Cross entropy of the logits against the centre classes, weighted per class where weights are given.</summary>
    /// <inheritdoc />
    public Tensor ComputeLoss(Tensor output, Tensor target, Tensor? classWeights)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        return nn.functional.cross_entropy(output, target, weight: classWeights);
    }
}
