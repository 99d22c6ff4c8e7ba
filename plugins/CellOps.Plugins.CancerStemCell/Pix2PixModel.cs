using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Sdk.Training;
using TorchSharp;
using static TorchSharp.torch;
using H = CellOps.Plugins.CancerStemCell.TranslationHyperParameters;

namespace CellOps.Plugins.CancerStemCell;

/// <summary>
/// The study's conditional GAN: pix2pix translating phase-contrast tiles into the paired marker image. A
/// U-Net generator (<see cref="UNetGenerator"/>) makes the image; a PatchGAN discriminator
/// (<see cref="PatchDiscriminator"/>) judges overlapping patches of it beside the tile; the generator's
/// loss is the adversarial one plus λ·L1 (λ 100); Adam, learning rate 2e-4, β1 0.5, β2 0.999 for both.
/// </summary>
/// <remarks>
/// <para>pix2pix's defaults and what they became here: 256-pixel tiles with 8 encoder steps to a 1×1
/// bottleneck became 128-pixel tiles with 7 (the same 1×1 bottleneck); widths 64 (ngf, ndf) became 32,
/// to train on a few CPU cores (both are hyperparameters); the 70×70 PatchGAN (3 strided layers) is kept,
/// since the patch is a scale in the micrograph's pixels, which the tile size does not change: at 128
/// pixels it gives a 14×14 grid of patch logits. Batch norm as pix2pix (or instance norm, the
/// <c>Norm</c> hyperparameter), dropout 0.5 in the decoder steps of 8× width below the innermost; unlike
/// pix2pix, dropout is off when predicting, so a tile always gives the same image; the learning rate
/// stays constant (pix2pix decays it linearly over its second 100 epochs).</para>
/// <para>Targets reach the loop scaled into −1..1 (<see cref="OutputRange"/>), the range of the
/// generator's tanh. Checkpoints keep both networks and both optimisers' state
/// (<c>generator</c>, <c>discriminator</c>), so a resumed run continues as the uninterrupted one.</para>
/// <para>The study also scores generated images with a CNN and retrains the GAN on the best-scoring
/// ones; that selection is a choice of training pairs, made before training.</para>
/// </remarks>
public sealed class Pix2PixModel : IImageTranslationModel, ICustomTrainingModel
{
    private static readonly HyperParameter[] Declared = H.Generator.Concat(H.Adversary).ToArray();

    /// <inheritdoc />
    public string Name => "Pix2Pix";

    /// <inheritdoc />
    public string Description =>
        "pix2pix: a U-Net with a 70×70 PatchGAN (adversarial + 100·L1 loss) turns 128×128 phase-contrast tiles " +
        "into the paired marker image; pix2pix at 256 px became 7 U-Net steps (1×1 bottleneck), widths 32.";

    /// <inheritdoc />
    public ModelTask Task => ModelTask.ImageTranslation;

    /// <summary>128×128 phase-contrast tiles, each standardised on its own; the channels the network takes come from the data.</summary>
    public InputSpec Input => H.Input;

    /// <inheritdoc />
    public TileTarget Target => TileTarget.Image;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => Array.Empty<string>();

    /// <inheritdoc />
    public IReadOnlyList<HyperParameter> HyperParameters => Declared;

    /// <summary>−1..1, the generator's tanh.</summary>
    public OutputRange OutputRange => OutputRange.Tanh;

    /// <summary>Builds the network for <see cref="InputSpec.Channels"/> input channels and one output channel.</summary>
    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters) => CreateNetwork(hyperParameters, Input.Channels, 1);

    /// <summary>A <see cref="Pix2PixNetwork"/>: forward is the generator, the discriminator is beside it.</summary>
    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters, int inputChannels, int outputChannels)
    {
        ArgumentNullException.ThrowIfNull(hyperParameters);
        return new Pix2PixNetwork(H.CreateGenerator(hyperParameters, inputChannels, outputChannels),
            hyperParameters.GetInt(H.DiscriminatorWidth), hyperParameters.GetInt(H.DiscriminatorLayers));
    }

    /// <inheritdoc />
    public void Train(nn.Module<Tensor, Tensor> network, ITrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (network is not Pix2PixNetwork gan) throw new ArgumentException($"{Name} trains a {nameof(Pix2PixNetwork)}, not {network?.GetType().Name}.", nameof(network));
        TranslationLoop.TrainAdversarial(Name, gan, context.HyperParameters.GetReal(H.Lambda), context);
    }
}
