using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiling;
using CellOps.Imaging.Maps;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Attention;

/// <summary>
/// Pictures of an attention map: the tile as the model saw it (its pixels shown the way
/// <see cref="DisplayImage"/> shows any micrograph) tinted with <see cref="AttentionPalette"/>
/// colours whose strength follows the map, so unattended regions show the tile unchanged; and the
/// map alone in the same colours.
/// </summary>
public static class AttentionOverlay
{
    /// <summary>The tile's display image with the map over it: Size×Size×3 RGB bytes.</summary>
    /// <param name="attention">The map.</param>
    /// <param name="edgePolicy">How the tile's pixels past its micrograph are filled (as for the model).</param>
    /// <param name="opacity">Strength of the tint where the map is 1, 0 to 1.</param>
    /// <exception cref="MicrographReadException">The tile's pixels cannot be read.</exception>
    public static byte[] Render(TileAttention attention, EdgePolicy edgePolicy, double opacity)
    {
        ArgumentNullException.ThrowIfNull(attention);
        if (!(opacity >= 0 && opacity <= 1)) throw new ArgumentOutOfRangeException(nameof(opacity), opacity, "The opacity must be within 0..1.");
        var rgb = DisplayImage.Render(TilePixels(attention.Tile, edgePolicy));
        var map = attention.Map;
        for (int i = 0; i < map.Length; i++)
        {
            float alpha = (float)opacity * map[i];
            if (alpha > 0) Tint.Apply(rgb, i, AttentionPalette.Of(map[i]), alpha);
        }
        return rgb;
    }

    /// <summary>The map alone in <see cref="AttentionPalette"/> colours: Size×Size×3 RGB bytes.</summary>
    public static byte[] RenderMap(TileAttention attention)
    {
        ArgumentNullException.ThrowIfNull(attention);
        var rgb = new byte[attention.Map.Length * 3];
        for (int i = 0; i < attention.Map.Length; i++)
        {
            var (r, g, b) = AttentionPalette.Of(attention.Map[i]);
            rgb[i * 3] = r;
            rgb[i * 3 + 1] = g;
            rgb[i * 3 + 2] = b;
        }
        return rgb;
    }

    // The tile's own pixels (frame, edge filling and, for whole-image crops, the resizing included) as a micrograph.
    private static Micrograph TilePixels(Tile tile, EdgePolicy edgePolicy)
    {
        var planes = new float[TileReader.ImageSampleCount(tile)];
        using (var reader = new TileReader(edgePolicy))
        {
            reader.ReadImage(tile, planes);
        }
        return new ArrayPixelSource(planes, tile.Rect.Width, tile.Rect.Height, tile.Source.ChannelCount).ToMicrograph(tile.Source.Name);
    }
}
