using CellOps.Sdk.Imaging;

namespace CellOps.Sdk.Tiling;

/// <summary>One tile: where it was cut from, and its target.</summary>
public sealed class Tile
{
    /// <summary>Creates a tile.</summary>
    public Tile(int index, Micrograph source, int frame, PixelRect rect, int label = -1,
        double? positiveFraction = null, IReadOnlyList<float[]>? histograms = null)
    {
        Index = index;
        Source = source ?? throw new ArgumentNullException(nameof(source));
        Frame = frame;
        Rect = rect;
        Label = label;
        PositiveFraction = positiveFraction;
        Histograms = histograms;
    }

    /// <summary>Position of the tile in its tile set.</summary>
    public int Index { get; }

    /// <summary>The micrograph the tile was cut from.</summary>
    public Micrograph Source { get; }

    /// <summary>The frame of the source the tile was cut from.</summary>
    public int Frame { get; }

    /// <summary>The tile's rectangle in source pixels. It reaches past the image for padded or reflected edge tiles.</summary>
    public PixelRect Rect { get; }

    /// <summary>Class label (<see cref="TileTarget.Label"/>, <see cref="TileTarget.CenterClass"/>, <see cref="TileTarget.ImageClass"/>), or -1.</summary>
    public int Label { get; }

    /// <summary>Positive area fraction of the binarized pair inside the tile (<see cref="TileTarget.Label"/>), or null.</summary>
    public double? PositiveFraction { get; }

    /// <summary>
    /// For <see cref="TileTarget.ClassHistogram"/>: one array per grid size r (in the order of
    /// <see cref="TileSet.Grids"/>), each r×r×K long: cell by cell in row-major order, each cell's K
    /// class fractions summing to 1 (or all zero where every pixel of the cell is the ignore class).
    /// </summary>
    public IReadOnlyList<float[]>? Histograms { get; }

    /// <inheritdoc />
    public override string ToString() => Label >= 0 ? $"{Source.Name} [{Rect}] label {Label}" : $"{Source.Name} [{Rect}]";
}
