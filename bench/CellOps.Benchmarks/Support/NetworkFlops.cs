using CellOps.Plugins.Cardiomyocyte;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// Floating-point operations of the tile classifier per tile, counted from its layers: each 3×3
/// convolution costs 2·9·Cin·Cout multiply-adds per output pixel (counted as 2 FLOPs each), the head
/// 2·C·K. Batch norm, ReLU, pooling and the mean add well under 1 % and are left out, so the achieved
/// GFLOP/s slightly understates the work done.
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
}
