namespace CellOps.Sdk.Models;

/// <summary>
/// A network of a <see cref="ModelTask.Generation"/> model: its forward maps N×<see cref="LatentSize"/>
/// latent vectors, drawn by the host from a standard normal distribution, to N×C×H×W images (C and
/// H×W as the model's <see cref="InputSpec"/>) whose values lie in [<see cref="OutputMin"/>, <see cref="OutputMax"/>].
/// The host maps that range onto the pixel type of the micrographs it makes.
/// </summary>
/// <remarks>
/// The network may hold more than the generator (a GAN's discriminator, registered as a submodule, so
/// the package keeps it for further training); only its forward is used to generate.
/// </remarks>
public interface IGeneratorNetwork
{
    /// <summary>Length of a latent vector.</summary>
    int LatentSize { get; }

    /// <summary>The smallest value an output pixel can take (e.g. −1 after tanh).</summary>
    float OutputMin { get; }

    /// <summary>The largest value an output pixel can take (e.g. 1 after tanh).</summary>
    float OutputMax { get; }
}
