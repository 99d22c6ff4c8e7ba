using CellOps.Sdk.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.Leukocyte;

/// <summary>
/// DCGAN's generator: a latent vector becomes a 4×4 map by a transposed convolution, and each further
/// transposed convolution (stride 2) doubles the map and halves the channels, with batch normalisation
/// and ReLU between, up to a 64×64 colour image squashed into [−1, 1] by tanh (Radford et al., 2016).
/// </summary>
public sealed class DcganGenerator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <summary>Builds the generator with DCGAN's initial weights (normal, σ 0.02).</summary>
    /// <param name="latentSize">Length of the latent vector.</param>
    /// <param name="baseWidth">Channels of the last hidden map; the first has 8×.</param>
    /// <param name="channels">Channels of the image (3 for RGB).</param>
    public DcganGenerator(int latentSize, int baseWidth, int channels) : base(nameof(DcganGenerator))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        int w = baseWidth;
        layers = nn.Sequential(
            nn.ConvTranspose2d(latentSize, 8 * w, kernel_size: 4, stride: 1, padding: 0, bias: false),  // 4×4
            Layers.BatchNorm2d(8 * w), nn.ReLU(),
            nn.ConvTranspose2d(8 * w, 4 * w, kernel_size: 4, stride: 2, padding: 1, bias: false),        // 8×8
            Layers.BatchNorm2d(4 * w), nn.ReLU(),
            nn.ConvTranspose2d(4 * w, 2 * w, kernel_size: 4, stride: 2, padding: 1, bias: false),        // 16×16
            Layers.BatchNorm2d(2 * w), nn.ReLU(),
            nn.ConvTranspose2d(2 * w, w, kernel_size: 4, stride: 2, padding: 1, bias: false),            // 32×32
            Layers.BatchNorm2d(w), nn.ReLU(),
            nn.ConvTranspose2d(w, channels, kernel_size: 4, stride: 2, padding: 1, bias: false),         // 64×64
            nn.Tanh());
        RegisterComponents();
        GanInitialization.Apply(this);
    }

    /// <summary>Side of the images made (64).</summary>
    public const int ImageSize = 64;

    /// <summary>N×Z latent vectors (or N×Z×1×1) to N×C×64×64 images in [−1, 1].</summary>
    public override Tensor forward(Tensor latent)
    {
        using var shaped = latent.dim() == 2 ? latent.reshape(latent.shape[0], latent.shape[1], 1, 1) : latent.alias();
        return layers.call(shaped);
    }
}
