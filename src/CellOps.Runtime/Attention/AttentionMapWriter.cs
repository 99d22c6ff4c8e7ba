using CellOps.Imaging.Formats;
using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Attention;

/// <summary>
/// Writes a tile's attention map as PNGs (see <see cref="AttentionOverlay"/>): both pictures are
/// rendered before either file is written, and each is written atomically.
/// </summary>
public static class AttentionMapWriter
{
    /// <summary>Writes the overlay (and, with <paramref name="includeMap"/>, the map alone) of <paramref name="attention"/>.</summary>
    /// <param name="attention">The map.</param>
    /// <param name="classNames">The model's class names, index = class.</param>
    /// <param name="files">Where the files go; the folder must exist.</param>
    /// <param name="edgePolicy">How the tile's pixels past its micrograph are filled.</param>
    /// <param name="opacity">Strength of the tint where the map is 1, 0 to 1.</param>
    /// <param name="includeMap">Also write the map alone.</param>
    /// <exception cref="CellOps.Sdk.Imaging.MicrographReadException">The tile's pixels cannot be read.</exception>
    /// <exception cref="IOException">A file could not be written.</exception>
    public static AttentionMap Write(TileAttention attention, IReadOnlyList<string> classNames, AttentionMapFiles files,
        EdgePolicy edgePolicy, double opacity, bool includeMap)
    {
        ArgumentNullException.ThrowIfNull(attention);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(files);
        var overlay = AttentionOverlay.Render(attention, edgePolicy, opacity);
        var map = includeMap ? AttentionOverlay.RenderMap(attention) : null;
        PngWriter.Write(files.Overlay, attention.Size, attention.Size, 3, overlay);
        if (map is not null) PngWriter.Write(files.Map, attention.Size, attention.Size, 3, map);
        var tile = attention.Tile;
        return new AttentionMap(tile.Source.Name, tile.Index, tile.Rect, Name(classNames, attention.ExplainedClass),
            attention.Probabilities[attention.ExplainedClass], Name(classNames, attention.PredictedClass),
            attention.PeakX, attention.PeakY, files.Overlay, map is null ? null : files.Map);
    }

    private static string Name(IReadOnlyList<string> names, int index) => index < names.Count ? names[index] : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
