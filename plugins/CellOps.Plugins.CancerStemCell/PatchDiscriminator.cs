using CellOps.Sdk.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.CancerStemCell;

/// <summary>
/// pix2pix's conditional PatchGAN discriminator: it sees an input tile and an image beside it (the two
/// concatenated along the channels) and gives one logit per overlapping patch, saying whether that patch
/// of the image is the real one for the input or the generator's. With three strided layers (pix2pix's
/// default) each logit sees a 70×70-pixel patch; a 128-pixel tile gives a 14×14 grid of them.
/// </summary>
/// <remarks>
/// <see cref="StridedLayers"/> 4×4 convolutions of stride 2 (widths width, 2·width, … at most 8·width), a 4×4
/// convolution of stride 1 and a last 4×4 convolution of stride 1 to one channel; leaky ReLU (slope 0.2)
/// after each but the last, normalisation after each but the first and the last.
/// </remarks>
public sealed class PatchDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <summary>Builds the discriminator with pix2pix's initial weights on the CPU.</summary>
    /// <param name="channels">Channels of the input tile and the image together.</param>
    /// <param name="width">Channels of the first map (pix2pix's ndf); doubles per layer up to 8·width.</param>
    /// <param name="stridedLayers">Layers of stride 2 (pix2pix's n_layers, 3 for 70×70 patches).</param>
    /// <param name="norm">The feature normalisation.</param>
    public PatchDiscriminator(int channels, int width, int stridedLayers, FeatureNorm norm) : base(nameof(PatchDiscriminator))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stridedLayers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stridedLayers, 8);
        (Channels, Width, StridedLayers) = (channels, width, stridedLayers);

        var list = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("conv0", nn.Conv2d(channels, width, kernel_size: 4, stride: 2, padding: 1L)),
            ("act0", Layers.LeakyReLU(0.2)),
        };
        for (int n = 1; n <= stridedLayers; n++)
        {
            // The last of these keeps the size (stride 1), as pix2pix's.
            long stride = n < stridedLayers ? 2 : 1;
            list.Add(($"conv{n}", nn.Conv2d(Widths(n - 1), Widths(n), kernel_size: 4, stride: stride, padding: 1L, bias: false)));
            list.Add(($"norm{n}", NormLayer.Create(norm, Widths(n))));
            list.Add(($"act{n}", Layers.LeakyReLU(0.2)));
        }
        list.Add(("output", nn.Conv2d(Widths(stridedLayers), 1, kernel_size: 4, stride: 1, padding: 1L)));
        layers = nn.Sequential(list);
        RegisterComponents();
        GanInitialization.Apply(this);
    }

    /// <summary>Channels of the input tile and the image together.</summary>
    public int Channels { get; }

    /// <summary>Channels of the first map.</summary>
    public int Width { get; }

    /// <summary>Layers of stride 2.</summary>
    public int StridedLayers { get; }

    /// <summary>The side of the square of pixels each logit sees (70 for three strided layers).</summary>
    public int ReceptiveField => ReceptiveFieldOf(StridedLayers);

    /// <summary>The side of the grid of logits for a square tile of <paramref name="tileSize"/> pixels.</summary>
    public int GridSize(int tileSize) => (tileSize >> StridedLayers) - 2;

    /// <summary>The side of the square of pixels each logit sees with <paramref name="stridedLayers"/> layers of stride 2.</summary>
    public static int ReceptiveFieldOf(int stridedLayers)
    {
        // Backwards from one logit: two stride-1 4×4 convolutions see 7 pixels; each stride-2 one doubles that and adds 2.
        int field = 7;
        for (int n = 0; n < stridedLayers; n++) field = 2 * field + 2;
        return field;
    }

    // Channels of the map after layer n: width·2^n, at most 8·width.
    private int Widths(int n) => Width * (1 << Math.Min(n, 3));

    /// <summary>N×(C+C')×H×W input tiles with images beside them to N×1×G×G logits, one per patch.</summary>
    public override Tensor forward(Tensor pairs)
    {
        if (pairs.ndim != 4 || pairs.shape[1] != Channels)
        {
            throw new ArgumentException($"The discriminator takes N×{Channels}×H×W tiles with their images beside them; " +
                                        $"this input is {string.Join("×", pairs.shape)}.", nameof(pairs));
        }
        return layers.call(pairs);
    }
}
