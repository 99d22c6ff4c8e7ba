using CellOps.Imaging.Tiling;
using CellOps.Imaging.Maps;
using CellOps.Runtime.Packaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Inference;

/// <summary>
/// How micrographs are cut for a trained model's prediction: tile size from the package, and for models
/// that map pixels (a centre-pixel classifier, a class-distribution model, an image translator) tiles
/// centred every stride pixels, reflected at the edges, so the predictions cover the whole image. One
/// policy for Invoke-CellModel, the benchmarks and batch jobs, so that they cut alike.
/// </summary>
public sealed record InferenceTiling
{
    private InferenceTiling(TilingOptions options, int stride, bool mapsPixels)
    {
        Options = options;
        Stride = stride;
        MapsPixels = mapsPixels;
    }

    /// <summary>The tiling options for <see cref="TileSetBuilder"/>.</summary>
    public TilingOptions Options { get; }

    /// <summary>The distance between neighbouring tiles' origins.</summary>
    public int Stride { get; }

    /// <summary>Whether each prediction speaks for pixels (tiles centred every <see cref="Stride"/>, reflected at the edges) rather than for its tile as a whole.</summary>
    public bool MapsPixels { get; }

    /// <summary>
    /// The default stride for a model: half the tile for dense models and translators (each pixel blended
    /// from about four tiles), an eighth for centre-pixel classifiers (each prediction covers the
    /// stride-wide block around its tile's centre).
    /// </summary>
    public static int DefaultStride(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Target == TileTarget.CenterClass ? Math.Max(1, manifest.TileSize / 8) : Math.Max(1, manifest.TileSize / 2);
    }

    /// <summary>The tiling for predicting micrographs with a tile or pixel classifier.</summary>
    /// <param name="manifest">The model package's manifest.</param>
    /// <param name="stride">The stride asked for; null or 0: <see cref="DefaultStride"/>.</param>
    /// <param name="labelled">Whether every micrograph has a pair to label its tiles from (tile classifiers trained on labels).</param>
    /// <exception cref="ArgumentException">The stride leaves gaps between tiles of a model that maps pixels.</exception>
    public static InferenceTiling ForPrediction(ModelManifest manifest, int? stride, bool labelled)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        bool mapsPixels = manifest.Target is TileTarget.CenterClass or TileTarget.ClassHistogram && !manifest.WholeImages;
        int step = stride is > 0 ? stride.Value : DefaultStride(manifest);
        if (mapsPixels) CheckCovers(step, manifest.TileSize);
        var options = new TilingOptions(manifest.TileSize)
        {
            Target = labelled && manifest.Target == TileTarget.Label && !manifest.WholeImages ? TileTarget.Label : TileTarget.None,
            WholeImage = manifest.WholeImages,
            Stride = mapsPixels ? step : null,
            Centered = mapsPixels,
            EdgePolicy = mapsPixels ? EdgePolicy.Reflect : EdgePolicy.Drop,
        };
        return new InferenceTiling(options, mapsPixels ? step : options.EffectiveStride, mapsPixels);
    }

    /// <summary>The stride of an image translator: as asked, or half the tile.</summary>
    /// <exception cref="ArgumentException">The stride leaves gaps between tiles.</exception>
    public static int TranslationStride(ModelManifest manifest, int? stride)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        int step = stride is > 0 ? stride.Value : Math.Max(1, manifest.TileSize / 2);
        CheckCovers(step, manifest.TileSize);
        return step;
    }

    /// <summary>What each prediction of <paramref name="manifest"/>'s model covers on a map of tiles cut with <paramref name="tiles"/>' stride; null: the default for the output.</summary>
    public static MapFootprint? Footprint(ModelManifest manifest, TileSet tiles)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(tiles);
        return manifest.Target == TileTarget.CenterClass && !manifest.WholeImages
            ? MapFootprint.Centre(Math.Min(tiles.Stride, tiles.TileSize))
            : null;
    }

    private static void CheckCovers(int stride, int tileSize)
    {
        if (stride > tileSize)
            throw new ArgumentException($"A stride of {stride} leaves gaps between {tileSize}-pixel tiles; give -Stride {tileSize} or less.", nameof(stride));
    }
}
