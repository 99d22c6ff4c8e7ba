using CellOps.Sdk.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Plugins.Leukocyte;

/// <summary>
/// The DCGAN as one module, so that one package keeps both halves: forward is the generator (latent
/// vectors to images in [−1, 1]); the discriminator is registered beside it as <c>discriminator</c>,
/// trained with it and saved with it, so a package can be trained further.
/// </summary>
public sealed class DcganNetwork : nn.Module<Tensor, Tensor>, IGeneratorNetwork
{
    private readonly DcganGenerator generator;
    private readonly DcganDiscriminator discriminator;

    /// <summary>Builds both halves with fresh weights on the CPU.</summary>
    /// <param name="latentSize">Length of the latent vector.</param>
    /// <param name="generatorWidth">Channels of the generator's last hidden map.</param>
    /// <param name="discriminatorWidth">Channels of the discriminator's first map.</param>
    /// <param name="channels">Image channels.</param>
    public DcganNetwork(int latentSize, int generatorWidth, int discriminatorWidth, int channels) : base(nameof(DcganNetwork))
    {
        generator = new DcganGenerator(latentSize, generatorWidth, channels);
        discriminator = new DcganDiscriminator(discriminatorWidth, channels);
        LatentSize = latentSize;
        RegisterComponents();
    }

    /// <summary>The generator.</summary>
    public DcganGenerator Generator => generator;

    /// <summary>The discriminator.</summary>
    public DcganDiscriminator Discriminator => discriminator;

    /// <inheritdoc />
    public int LatentSize { get; }

    /// <inheritdoc />
    public float OutputMin => -1f;

    /// <inheritdoc />
    public float OutputMax => 1f;

    /// <summary>N×Z latent vectors to N×C×64×64 images in [−1, 1].</summary>
    public override Tensor forward(Tensor latent) => generator.call(latent);
}
