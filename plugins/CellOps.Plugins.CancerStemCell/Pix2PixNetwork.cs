using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Plugins.CancerStemCell;

/// <summary>
/// pix2pix as one module, so that one package keeps both halves: forward is the generator (tiles to
/// images in −1..1); the discriminator is registered beside it as <c>discriminator</c>, trained and saved
/// with it, so a package can be trained further.
/// </summary>
public sealed class Pix2PixNetwork : nn.Module<Tensor, Tensor>
{
    private readonly UNetGenerator generator;
    private readonly PatchDiscriminator discriminator;

    /// <summary>Builds both halves with fresh weights on the CPU.</summary>
    /// <param name="generator">The U-Net generator.</param>
    /// <param name="discriminatorWidth">Channels of the discriminator's first map.</param>
    /// <param name="discriminatorLayers">The discriminator's layers of stride 2.</param>
    public Pix2PixNetwork(UNetGenerator generator, int discriminatorWidth, int discriminatorLayers) : base(nameof(Pix2PixNetwork))
    {
        this.generator = generator ?? throw new ArgumentNullException(nameof(generator));
        discriminator = new PatchDiscriminator(generator.InputChannels + generator.OutputChannels, discriminatorWidth,
            discriminatorLayers, generator.Norm);
        RegisterComponents();
    }

    /// <summary>The generator.</summary>
    public UNetGenerator Generator => generator;

    /// <summary>The discriminator.</summary>
    public PatchDiscriminator Discriminator => discriminator;

    /// <summary>N×C×H×W tiles to N×C'×H×W images in −1..1.</summary>
    public override Tensor forward(Tensor input) => generator.call(input);

    /// <summary>The discriminator's N×1×G×G patch logits for <paramref name="images"/> as the images of <paramref name="input"/>.</summary>
    public Tensor Judge(Tensor input, Tensor images)
    {
        using var pairs = torch.cat(new[] { input, images }, 1);
        return discriminator.call(pairs);
    }
}
