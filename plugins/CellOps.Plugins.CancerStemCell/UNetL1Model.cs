using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Sdk.Training;
using TorchSharp;
using static TorchSharp.torch;
using H = CellOps.Plugins.CancerStemCell.TranslationHyperParameters;

namespace CellOps.Plugins.CancerStemCell;

/// <summary>
/// The baseline that shows what the adversarial loss adds: <see cref="Pix2PixModel"/>'s U-Net generator,
/// trained on L1 alone with the same optimiser, tiles and targets, and no discriminator.
/// </summary>
/// <remarks>L1 alone tends to blur what the input leaves uncertain; the adversary pushes it towards sharp, plausible detail.</remarks>
public sealed class UNetL1Model : IImageTranslationModel, ICustomTrainingModel
{
    /// <inheritdoc />
    public string Name => "UNetL1";

    /// <inheritdoc />
    public string Description =>
        "Baseline: Pix2Pix's U-Net trained on L1 alone (no discriminator), from 128×128 phase-contrast tiles to the paired marker image.";

    /// <inheritdoc />
    public ModelTask Task => ModelTask.ImageTranslation;

    /// <summary>128×128 phase-contrast tiles, each standardised on its own; the channels the network takes come from the data.</summary>
    public InputSpec Input => H.Input;

    /// <inheritdoc />
    public TileTarget Target => TileTarget.Image;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => Array.Empty<string>();

    /// <inheritdoc />
    public IReadOnlyList<HyperParameter> HyperParameters => H.Generator;

    /// <summary>−1..1, the generator's tanh.</summary>
    public OutputRange OutputRange => OutputRange.Tanh;

    /// <summary>Builds the network for <see cref="InputSpec.Channels"/> input channels and one output channel.</summary>
    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters) => CreateNetwork(hyperParameters, Input.Channels, 1);

    /// <summary>A <see cref="UNetGenerator"/>.</summary>
    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters, int inputChannels, int outputChannels) =>
        H.CreateGenerator(hyperParameters, inputChannels, outputChannels);

    /// <inheritdoc />
    public void Train(nn.Module<Tensor, Tensor> network, ITrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (network is not UNetGenerator generator) throw new ArgumentException($"{Name} trains a {nameof(UNetGenerator)}, not {network?.GetType().Name}.", nameof(network));
        TranslationLoop.TrainL1(Name, generator, context);
    }
}
