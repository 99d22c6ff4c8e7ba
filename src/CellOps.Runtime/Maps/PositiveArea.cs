using CellOps.Sdk.Imaging;

namespace CellOps.Runtime.Maps;

/// <summary>
/// The share of a micrograph's predicted area that is not class 0, from tile probabilities blended
/// as <see cref="MapAssembler"/> blends them. Large images are measured on a proportionally coarser
/// grid so that the estimate never needs more than a few megapixels of memory.
/// </summary>
public static class PositiveArea
{
    /// <summary>Map pixels above which the image is measured on a coarser grid.</summary>
    public const int MaxMapPixels = 4 << 20;

    /// <summary>Estimates the positive area share of a <paramref name="width"/>×<paramref name="height"/> image.</summary>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="classCount">K.</param>
    /// <param name="tiles">Each tile's rectangle and its K class probabilities.</param>
    /// <returns>The share in [0, 1] of covered pixels whose most probable class is not 0; null where nothing is covered.</returns>
    public static double? Estimate(int width, int height, int classCount, IEnumerable<(PixelRect Rect, float[] Probabilities)> tiles)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        int scale = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((double)width * height / MaxMapPixels)));
        var assembler = new MapAssembler(Ceiling(width, scale), Ceiling(height, scale), classCount);
        foreach (var (rect, probabilities) in tiles)
        {
            assembler.Add(Scale(rect, scale), probabilities);
        }
        var counts = assembler.LabelCounts();
        long covered = counts.Sum();
        return covered == 0 ? null : (double)(covered - counts[0]) / covered;
    }

    // Outward rounding keeps every tile at least one coarse pixel wide.
    private static PixelRect Scale(PixelRect rect, int scale)
    {
        if (scale == 1) return rect;
        int x0 = (int)Math.Floor((double)rect.X / scale), y0 = (int)Math.Floor((double)rect.Y / scale);
        return new PixelRect(x0, y0, Math.Max(1, Ceiling(rect.Right, scale) - x0), Math.Max(1, Ceiling(rect.Bottom, scale) - y0));
    }

    private static int Ceiling(int value, int divisor) => (value + divisor - 1) / divisor;
}
