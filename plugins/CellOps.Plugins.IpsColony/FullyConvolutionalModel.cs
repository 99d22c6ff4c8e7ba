using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Plugins.IpsColony;

/// <summary>
/// The study's second baseline: a fully convolutional network (here a small U-Net) trained per pixel
/// on the same patches, with the uncertain class left out of the loss. Its output grid is the patch
/// itself: one cell per pixel.
/// </summary>
public sealed class FullyConvolutionalModel : ISupervisedModel, IDenseModel
{
    private static readonly HyperParameter[] Declared =
    {
        ColonyImages.Width(16),
        ColonyImages.Rate(1e-3),
        ColonyImages.Decay,
    };

    /// <inheritdoc />
    public string Name => "FullyConvolutional";

    /// <inheritdoc />
    public string Description =>
        "Baseline: a small U-Net labelling every pixel of a 64×64 patch, trained per pixel on ClassHistogram tile sets, ignoring the uncertain class.";

    /// <inheritdoc />
    public ModelTask Task => ModelTask.DenseSegmentation;

    /// <inheritdoc />
    public InputSpec Input => ColonyImages.Input;

    /// <inheritdoc />
    public TileTarget Target => TileTarget.ClassHistogram;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => ColonyImages.Classes;

    /// <inheritdoc />
    public IReadOnlyList<HyperParameter> HyperParameters => Declared;

    /// <summary>One grid of one cell per pixel.</summary>
    /// <inheritdoc />
    public IReadOnlyList<int> OutputGrids(HyperParameterValues hyperParameters) => new[] { Input.TileSize };

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters)
    {
        ArgumentNullException.ThrowIfNull(hyperParameters);
        return new UNetNetwork(Input.Channels, ColonyImages.Classes.Count, hyperParameters.GetInt(ColonyImages.BaseWidth));
    }

    /// <summary>Mean KL divergence per pixel that is a class: the per-pixel cross entropy less a constant.</summary>
    /// <inheritdoc />
    public Tensor ComputeLoss(Tensor output, Tensor target, Tensor? classWeights) => DistributionLoss.KullbackLeibler(output, target, classWeights);
}
