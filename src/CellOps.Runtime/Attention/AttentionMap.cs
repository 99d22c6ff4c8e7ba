using CellOps.Sdk.Imaging;

namespace CellOps.Runtime.Attention;

/// <summary>
/// What Export-AttentionMap wrote for one tile: which tile, the class whose evidence the map shows
/// and its probability, the predicted class, where the map peaks, and the files.
/// </summary>
public sealed class AttentionMap
{
    /// <summary>Creates the record.</summary>
    public AttentionMap(string micrograph, int tile, PixelRect rect, string className, double probability, string predictedClass,
        int peakX, int peakY, string path, string? mapPath)
    {
        Micrograph = micrograph;
        Tile = tile;
        Rect = rect;
        Class = className;
        Probability = probability;
        PredictedClass = predictedClass;
        PeakX = peakX;
        PeakY = peakY;
        Path = path;
        MapPath = mapPath;
    }

    /// <summary>Name of the micrograph the tile was cut from.</summary>
    public string Micrograph { get; }

    /// <summary>The tile's index in its tile set.</summary>
    public int Tile { get; }

    /// <summary>The tile's rectangle in the micrograph (for a whole-image crop, in the resized crop).</summary>
    public PixelRect Rect { get; }

    /// <summary>The class whose evidence the map shows.</summary>
    public string Class { get; }

    /// <summary>The model's probability of <see cref="Class"/> for the tile.</summary>
    public double Probability { get; }

    /// <summary>The most probable class.</summary>
    public string PredictedClass { get; }

    /// <summary>Column of the map's peak, in tile pixels.</summary>
    public int PeakX { get; }

    /// <summary>Row of the map's peak, in tile pixels.</summary>
    public int PeakY { get; }

    /// <summary>The overlay PNG.</summary>
    public string Path { get; }

    /// <summary>The PNG of the map alone, where written.</summary>
    public string? MapPath { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Micrograph} [{Rect}] {Class} {Probability:0.000} peak ({PeakX},{PeakY})";
}
