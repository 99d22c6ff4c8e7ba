using CellOps.Sdk.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.Leukocyte;

/// <summary>
/// DCGAN's discriminator: strided convolutions (stride 2) halve a 64×64 image four times with leaky
/// ReLU (slope 0.2) and batch normalisation after all but the first, and a last 4×4 convolution gives
/// one logit per image: how real it looks.
/// </summary>
public sealed class DcganDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <summary>Builds the discriminator with DCGAN's initial weights (normal, σ 0.02).</summary>
    /// <param name="baseWidth">Channels of the first map; doubles per layer.</param>
    /// <param name="channels">Channels of the image (3 for RGB).</param>
    public DcganDiscriminator(int baseWidth, int channels) : base(nameof(DcganDiscriminator))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baseWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        int w = baseWidth;
        layers = nn.Sequential(
            nn.Conv2d(channels, w, kernel_size: 4, stride: 2, padding: 1L, bias: false),   // 32×32
            Layers.LeakyReLU(0.2),
            nn.Conv2d(w, 2 * w, kernel_size: 4, stride: 2, padding: 1L, bias: false),      // 16×16
            Layers.BatchNorm2d(2 * w), Layers.LeakyReLU(0.2),
            nn.Conv2d(2 * w, 4 * w, kernel_size: 4, stride: 2, padding: 1L, bias: false),  // 8×8
            Layers.BatchNorm2d(4 * w), Layers.LeakyReLU(0.2),
            nn.Conv2d(4 * w, 8 * w, kernel_size: 4, stride: 2, padding: 1L, bias: false),  // 4×4
            Layers.BatchNorm2d(8 * w), Layers.LeakyReLU(0.2),
            nn.Conv2d(8 * w, 1, kernel_size: 4, stride: 1, padding: 0L, bias: false));    // 1×1
        RegisterComponents();
        GanInitialization.Apply(this);
    }

    /// <summary>N×C×64×64 images in [−1, 1] to N logits.</summary>
    public override Tensor forward(Tensor images)
    {
        using var logits = layers.call(images);
        return logits.reshape(-1);
    }
}
