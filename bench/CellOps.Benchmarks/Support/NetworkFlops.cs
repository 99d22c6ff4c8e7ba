using CellOps.Plugins.Cardiomyocyte;
using CellOps.Plugins.NeuralFate;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// Floating-point operations of the built-in plugins' networks per tile, counted from their layers: each
/// 3×3 convolution costs 9·Cin·Cout multiply-adds per output pixel (counted as 2 FLOPs each), a linear
/// layer 2·in·out. Batch norm, ReLU, pooling, the mean and softmax add well under 1 % and are left out,
/// so the achieved GFLOP/s slightly understates the work done.
/// </summary>
internal static class NetworkFlops
{
    /// <summary>FLOPs of one forward pass over one <paramref name="tileSize"/>² tile.</summary>
    public static double ForwardPerTile(TileClassifierNetwork network, int inChannels, int classes, int tileSize)
    {
        double flops = 0;
        long size = tileSize, channels = inChannels;
        foreach (int width in network.Widths)
        {
            flops += 2.0 * 9 * channels * width * size * size;
            channels = width;
            size = (size + 1) / 2;
        }
        return flops + 2.0 * channels * classes;
    }

    /// <summary>
    /// FLOPs of one training step per tile: the forward pass, then a backward pass that computes the
    /// gradients of both the inputs and the weights of every layer, each as costly as the forward one
    /// (the usual 3× rule; the first layer's input gradient, which is not needed, is a negligible part).
    /// </summary>
    public static double TrainingPerTile(TileClassifierNetwork network, int inChannels, int classes, int tileSize) =>
        3 * ForwardPerTile(network, inChannels, classes, tileSize);

    /// <summary>The training step's FLOPs per tile for a network of <paramref name="forwardFlops"/> per tile (the same 3× rule).</summary>
    public static double Training(double forwardFlops) => 3 * forwardFlops;

    // One k×k convolution (stride 1) producing an h×w map: 2·k²·Cin·Cout FLOPs per output pixel.
    private static double Conv(int kernel, long inChannels, long outChannels, long size) => 2.0 * kernel * kernel * inChannels * outChannels * size * size;

    // IpsColony's ConvStage: two 3×3 convolutions at one resolution.
    private static double Stage(long inChannels, long outChannels, long size) => Conv(3, inChannels, outChannels, size) + Conv(3, outChannels, outChannels, size);

    /// <summary>Leukocyte.WNet: a 3×3 convolution per block (width doubling, map halving, rounding up), then the two-layer head.</summary>
    public static double WNet(int inChannels, int classes, int tileSize, int depth, int baseWidth, int hiddenUnits)
    {
        double flops = 0;
        long size = tileSize, channels = inChannels, width = baseWidth;
        for (int i = 0; i < depth; i++)
        {
            flops += Conv(3, channels, width, size);
            channels = width;
            width *= 2;
            size = (size + 1) / 2;
        }
        return flops + 2.0 * channels * hiddenUnits + 2.0 * hiddenUnits * classes;
    }

    /// <summary>IpsColony's PatchEncoder: three stages (width, 2·width, 4·width), each at half the side of the one before.</summary>
    private static double PatchEncoder(int inChannels, int tileSize, int width) =>
        Stage(inChannels, width, tileSize) + Stage(width, 2 * width, tileSize / 2) + Stage(2 * width, 4 * width, tileSize / 4);

    /// <summary>IpsColony.ClassDistribution: the encoder, then one 1×1 convolution per grid on the map pooled to r×r.</summary>
    public static double ClassDistribution(int inChannels, int classes, int tileSize, int width, IReadOnlyList<int> grids) =>
        PatchEncoder(inChannels, tileSize, width) + grids.Sum(r => Conv(1, 4 * width, classes, r));

    /// <summary>IpsColony.PatchClassifier: the encoder, then linear layers from the whole 8×8 map to the hidden units and the classes.</summary>
    public static double PatchClassifier(int inChannels, int classes, int tileSize, int width, int hiddenUnits)
    {
        long side = tileSize / 8;
        return PatchEncoder(inChannels, tileSize, width) + 2.0 * 4 * width * side * side * hiddenUnits + 2.0 * hiddenUnits * classes;
    }

    /// <summary>
    /// IpsColony.FullyConvolutional (the small U-Net): three encoder stages, two 2×2 stride-2 transposed
    /// convolutions (each output pixel takes one tap per input channel: 2·Cin·Cout FLOPs per output pixel),
    /// two decoder stages on the joined maps (twice the channels in), and the 1×1 head at full size.
    /// </summary>
    public static double UNet(int inChannels, int classes, int tileSize, int width)
    {
        long full = tileSize, half = tileSize / 2, quarter = tileSize / 4;
        double encoder = Stage(inChannels, width, full) + Stage(width, 2 * width, half) + Stage(2 * width, 4 * width, quarter);
        double decoder = 2.0 * 4 * width * 2 * width * half * half + Stage(4 * width, 2 * width, half)
            + 2.0 * 2 * width * width * full * full + Stage(2 * width, width, full);
        return encoder + decoder + Conv(1, width, classes, full);
    }

    // A 4×4 convolution of stride 2 (or a transposed one, counted per input pixel, which gives 16 taps to each output channel):
    // 2·16·Cin·Cout FLOPs per pixel of the smaller map.
    private static double Conv4(long inChannels, long outChannels, long smallerSide) => 2.0 * 16 * inChannels * outChannels * smallerSide * smallerSide;

    /// <summary>
    /// CancerStemCell's UNetGenerator on a square tile: <paramref name="depth"/> 4×4 stride-2 convolutions
    /// down (width·2^i channels, at most 8·width) and as many 4×4 stride-2 transposed convolutions up, each
    /// but the innermost taking its encoder map joined to the one below (twice the channels in).
    /// </summary>
    public static double UNetGenerator(int inChannels, int outChannels, int tileSize, int width, int depth)
    {
        long Channels(int level) => width * (1L << Math.Min(level, 3));
        double flops = 0;
        long side = tileSize;
        for (int i = 0; i < depth; i++)
        {
            side /= 2;
            flops += Conv4(i == 0 ? inChannels : Channels(i - 1), Channels(i), side);
            long upIn = i == depth - 1 ? Channels(i) : 2 * Channels(i);
            flops += Conv4(upIn, i == 0 ? outChannels : Channels(i - 1), side);
        }
        return flops;
    }

    /// <summary>
    /// CancerStemCell's PatchDiscriminator on a square pair of <paramref name="channels"/>: a 4×4 stride-2
    /// convolution, <paramref name="stridedLayers"/> more 4×4 ones (stride 2 but the last), and a 4×4 one to
    /// one logit per patch (padding 1: a stride-1 4×4 convolution shrinks the map by one pixel).
    /// </summary>
    public static double PatchDiscriminator(int channels, int tileSize, int width, int stridedLayers)
    {
        long Widths(int n) => width * (1L << Math.Min(n, 3));
        long side = tileSize / 2;
        double flops = Conv4(channels, width, side);
        for (int n = 1; n <= stridedLayers; n++)
        {
            side = n < stridedLayers ? side / 2 : side - 1;
            flops += Conv4(Widths(n - 1), Widths(n), side);
        }
        return flops + Conv4(Widths(stridedLayers), 1, side - 1);
    }

    /// <summary>
    /// One pix2pix training step per tile: the generator forward (G); the discriminator forward on the real
    /// and the generated pair and their backward, gradients of weights and inputs (2D + 4D); its forward on
    /// the generated pair again and a backward that computes input gradients only (its weights are frozen:
    /// D + D); the generator's backward (2G). 3G + 8D.
    /// </summary>
    public static double Pix2PixTraining(double generatorFlops, double discriminatorFlops) => 3 * generatorFlops + 8 * discriminatorFlops;

    /// <summary>
    /// torchvision's ResNet (NeuralFate's network) on a square tile: the 7×7 stride-2 stem, then the four
    /// stages after the stride-2 max pool, each block as it is built (basic: two 3×3 convolutions; bottleneck:
    /// 1×1 in, 3×3, 1×1 out at four times the width; the first block of stages 2 to 4 strides, in its 3×3
    /// convolution, and a 1×1 projection joins the shortcut wherever the shape changes), and the linear head.
    /// Every stride-2 layer pads so that a side s becomes ⌈s/2⌉. ResNet-50 at 224: 4.09 G multiply-adds
    /// (8.18 GFLOP), ResNet-18: 1.81 G, as per-layer counts of torchvision's networks give.
    /// </summary>
    public static double ResNet(ResNetArchitecture architecture, int tileSize, int classes, int inChannels = 3)
    {
        static long Halved(long side) => (side + 1) / 2;
        long side = Halved(tileSize);
        double flops = Conv(7, inChannels, 64, side);
        side = Halved(side);
        long channels = 64;
        for (int stage = 0; stage < architecture.BlocksPerStage.Count; stage++)
        {
            long width = 64L << stage, output = width * architecture.Expansion;
            for (int block = 0; block < architecture.BlocksPerStage[stage]; block++)
            {
                bool strided = block == 0 && stage > 0;
                long outSide = strided ? Halved(side) : side;
                flops += architecture.Block == ResNetBlockKind.Basic
                    ? Conv(3, channels, width, outSide) + Conv(3, width, width, outSide)
                    : Conv(1, channels, width, side) + Conv(3, width, width, outSide) + Conv(1, width, output, outSide);
                if (strided || channels != output) flops += Conv(1, channels, output, outSide);
                (channels, side) = (output, outSide);
            }
        }
        return flops + 2.0 * channels * classes;
    }
}
