using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Maps;

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
        var list = tiles as IReadOnlyList<(PixelRect Rect, float[] Probabilities)> ?? tiles.ToList();
        if (OnOneGrid(list)) return FromTiles(width, height, list);
        int scale = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((double)width * height / MaxMapPixels)));
        var assembler = new MapAssembler(Ceiling(width, scale), Ceiling(height, scale), classCount);
        foreach (var (rect, probabilities) in list)
        {
            assembler.Add(Scale(rect, scale), probabilities);
        }
        var counts = assembler.LabelCounts();
        long covered = counts.Sum();
        return covered == 0 ? null : (double)(covered - counts[0]) / covered;
    }

    /// <summary>
    /// Whether the tiles are equal rectangles on one grid, each place at most once (New-TileSet's default
    /// cut): then no two overlap, every pixel of a tile takes that tile's class, and the share can be
    /// counted tile by tile instead of on a map of the whole image.
    /// </summary>
    private static bool OnOneGrid(IReadOnlyList<(PixelRect Rect, float[] Probabilities)> tiles)
    {
        if (tiles.Count == 0) return false;
        var first = tiles[0].Rect;
        if (first.Width <= 0 || first.Height <= 0) return false;
        int offsetX = Modulo(first.X, first.Width), offsetY = Modulo(first.Y, first.Height);
        var places = new HashSet<(int, int)>();
        foreach (var (rect, _) in tiles)
        {
            if (rect.Width != first.Width || rect.Height != first.Height
                || Modulo(rect.X, rect.Width) != offsetX || Modulo(rect.Y, rect.Height) != offsetY
                || !places.Add((rect.X, rect.Y))) return false;
        }
        return true;
    }

    /// <summary>The share for non-overlapping tiles: their pixels inside the image, by most probable class (ties to the lowest).</summary>
    private static double? FromTiles(int width, int height, IReadOnlyList<(PixelRect Rect, float[] Probabilities)> tiles)
    {
        long covered = 0, positive = 0;
        foreach (var (rect, probabilities) in tiles)
        {
            long w = Math.Min(width, rect.Right) - Math.Max(0, rect.X), h = Math.Min(height, rect.Bottom) - Math.Max(0, rect.Y);
            if (w <= 0 || h <= 0) continue;
            int best = 0;
            for (int k = 1; k < probabilities.Length; k++)
            {
                if (probabilities[k] > probabilities[best]) best = k;
            }
            covered += w * h;
            if (best != 0) positive += w * h;
        }
        return covered == 0 ? null : (double)positive / covered;
    }

    private static int Modulo(int value, int divisor) => ((value % divisor) + divisor) % divisor;

    // Outward rounding keeps every tile at least one coarse pixel wide.
    private static PixelRect Scale(PixelRect rect, int scale)
    {
        if (scale == 1) return rect;
        int x0 = (int)Math.Floor((double)rect.X / scale), y0 = (int)Math.Floor((double)rect.Y / scale);
        return new PixelRect(x0, y0, Math.Max(1, Ceiling(rect.Right, scale) - x0), Math.Max(1, Ceiling(rect.Bottom, scale) - y0));
    }

    private static int Ceiling(int value, int divisor) => (value + divisor - 1) / divisor;
}
