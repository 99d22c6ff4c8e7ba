using System.Globalization;
using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Attention;

/// <summary>
/// Where a tile's attention map goes: NAME.attention.png (the overlay) and NAME.attention-map.png
/// (the map alone), NAME being the micrograph's file name without extension, followed, for a tile
/// that is not the whole micrograph, by its position: <c>well-A1.x128y64.attention.png</c>.
/// </summary>
public sealed class AttentionMapFiles
{
    private AttentionMapFiles(string overlay, string map)
    {
        Overlay = overlay;
        Map = map;
    }

    /// <summary>The tile with the map over it.</summary>
    public string Overlay { get; }

    /// <summary>The map alone.</summary>
    public string Map { get; }

    /// <summary>The files of <paramref name="tile"/> in <paramref name="folder"/>.</summary>
    /// <param name="folder">The output folder (a full path).</param>
    /// <param name="tile">The tile.</param>
    /// <param name="wholeImage">Whether the tile is its whole micrograph (a whole-image crop): then no position is added.</param>
    public static AttentionMapFiles For(string folder, Tile tile, bool wholeImage)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(tile);
        string stem = Path.GetFileNameWithoutExtension(tile.Source.Name);
        if (!wholeImage) stem += string.Create(CultureInfo.InvariantCulture, $".x{tile.Rect.X}y{tile.Rect.Y}");
        if (tile.Frame > 0) stem += string.Create(CultureInfo.InvariantCulture, $".f{tile.Frame}");
        return new AttentionMapFiles(Path.Combine(folder, stem + ".attention.png"), Path.Combine(folder, stem + ".attention-map.png"));
    }
}
