using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Imaging.Tiling;

/// <summary>
/// Where tiles go: pure geometry, the same along both axes. Along an axis of length L with tile
/// size s and stride d:
/// <list type="bullet">
/// <item><see cref="EdgePolicy.Drop"/>: origins 0, d, 2d, … while the tile fits (o + s ≤ L); nothing when L &lt; s.</item>
/// <item><see cref="EdgePolicy.Pad"/> and <see cref="EdgePolicy.Reflect"/>: origins 0, d, 2d, … while
/// o &lt; L, stopping after the first tile that reaches the end (o + s ≥ L); so the last tile may reach
/// past the image, and an image smaller than a tile gives one tile at 0.</item>
/// <item><see cref="EdgePolicy.Shift"/>: the Drop origins, plus L − s when the last of them ends before L
/// (no duplicate when the grid fits exactly); nothing when L &lt; s, since no tile fits inside.</item>
/// </list>
/// Tiles are listed row by row: top row first, left to right.
/// </summary>
public static class TileGrid
{
    /// <summary>The tile rectangles for an image of <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static IReadOnlyList<PixelRect> Compute(int width, int height, int size, int stride, EdgePolicy policy)
    {
        var xs = Origins(width, size, stride, policy);
        var ys = Origins(height, size, stride, policy);
        var rects = new PixelRect[xs.Count * ys.Count];
        int i = 0;
        foreach (int y in ys)
        {
            foreach (int x in xs)
            {
                rects[i++] = new PixelRect(x, y, size, size);
            }
        }
        return rects;
    }

    /// <summary>
    /// Tile rectangles whose centres lie at stride/2 + i·stride inside the image (see
    /// <see cref="TilingOptions.Centered"/>): the central stride×stride blocks tile the image, and tiles
    /// near the edges reach past it.
    /// </summary>
    public static IReadOnlyList<PixelRect> Centered(int width, int height, int size, int stride)
    {
        var xs = CenteredOrigins(width, size, stride);
        var ys = CenteredOrigins(height, size, stride);
        var rects = new PixelRect[xs.Count * ys.Count];
        int i = 0;
        foreach (int y in ys)
        {
            foreach (int x in xs) rects[i++] = new PixelRect(x, y, size, size);
        }
        return rects;
    }

    /// <summary>The tile origins along one axis for <see cref="Centered"/>.</summary>
    public static IReadOnlyList<int> CenteredOrigins(int length, int size, int stride)
    {
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, "The image length must be positive.");
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "The tile size must be positive.");
        if (stride <= 0 || stride > size) throw new ArgumentOutOfRangeException(nameof(stride), stride, "The stride of centred tiles must lie between 1 and the tile size.");
        var origins = new List<int>();
        // The block a tile speaks for starts at its origin + (size − stride)/2, so block i starts at i·stride.
        int offset = (size - stride) / 2;
        for (long start = 0; start < length; start += stride) origins.Add((int)(start - offset));
        return origins;
    }

    /// <summary>The tile origins along one axis of length <paramref name="length"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A length, size or stride is not positive.</exception>
    public static IReadOnlyList<int> Origins(int length, int size, int stride, EdgePolicy policy)
    {
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, "The image length must be positive.");
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "The tile size must be positive.");
        if (stride <= 0) throw new ArgumentOutOfRangeException(nameof(stride), stride, "The stride must be positive.");
        var origins = new List<int>();
        switch (policy)
        {
            case EdgePolicy.Drop:
            case EdgePolicy.Shift:
                for (long o = 0; o + size <= length; o += stride) origins.Add((int)o);
                if (policy == EdgePolicy.Shift && origins.Count > 0 && origins[^1] + size < length)
                {
                    origins.Add(length - size);
                }
                break;
            case EdgePolicy.Pad:
            case EdgePolicy.Reflect:
                for (long o = 0; o < length; o += stride)
                {
                    origins.Add((int)o);
                    if (o + size >= length) break;
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown edge policy.");
        }
        return origins;
    }
}
