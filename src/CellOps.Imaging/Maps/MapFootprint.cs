using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Maps;

/// <summary>
/// What one prediction speaks for when predictions are laid back over a micrograph: the whole tile (a
/// tile classifier), the central block of a tile (a classifier of the tile's centre pixel, its block
/// as wide as the stride so that neighbouring blocks tile the image), or the cells of a grid (a dense model).
/// </summary>
public readonly record struct MapFootprint
{
    private MapFootprint(int block, int grid)
    {
        Block = block;
        Grid = grid;
    }

    /// <summary>Each prediction covers its whole tile.</summary>
    public static MapFootprint WholeTile => default;

    /// <summary>Side of the central block each prediction covers; 0 for the other footprints.</summary>
    public int Block { get; }

    /// <summary>Grid size r of the cells each tile's predictions cover; 0 for the other footprints.</summary>
    public int Grid { get; }

    /// <summary>Each prediction covers the central <paramref name="block"/>×<paramref name="block"/> pixels of its tile.</summary>
    public static MapFootprint Centre(int block) => block > 0
        ? new MapFootprint(block, 0)
        : throw new ArgumentOutOfRangeException(nameof(block), block, "The central block must be at least one pixel wide.");

    /// <summary>Each tile's r×r cell distributions cover its cells.</summary>
    public static MapFootprint Cells(int grid) => grid > 0
        ? new MapFootprint(0, grid)
        : throw new ArgumentOutOfRangeException(nameof(grid), grid, "The grid size must be positive.");

    /// <summary>The central <paramref name="block"/>-wide square of <paramref name="rect"/> (the whole rect where it is smaller).</summary>
    public static PixelRect CentralBlock(PixelRect rect, int block)
    {
        int w = Math.Min(block, rect.Width), h = Math.Min(block, rect.Height);
        return new PixelRect(rect.X + (rect.Width - w) / 2, rect.Y + (rect.Height - h) / 2, w, h);
    }

    /// <inheritdoc />
    public override string ToString() =>
        Grid > 0 ? $"{Grid}×{Grid} cells per tile" : Block > 0 ? $"central {Block}×{Block} block of each tile" : "whole tile";
}
