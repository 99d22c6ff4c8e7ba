using CellOps.Sdk.Imaging;

namespace CellOps.Sdk.Tiling;

/// <summary>
/// Tiles cut on a grid from one or more micrographs, with their targets. A tile set travels down
/// the pipeline as one object; its tiles are in <see cref="Tiles"/>.
/// </summary>
/// <remarks>Deliberately not enumerable: PowerShell would unroll it into single tiles.</remarks>
public sealed class TileSet
{
    /// <summary>Creates a tile set.</summary>
    public TileSet(
        IReadOnlyList<Tile> tiles,
        IReadOnlyList<Micrograph> sources,
        int tileSize,
        int stride,
        EdgePolicy edgePolicy,
        TileTarget target,
        int classCount = 0,
        int? ignoreClass = null,
        IReadOnlyList<int>? grids = null,
        IReadOnlyList<string>? classNames = null,
        bool wholeImages = false,
        IReadOnlyList<int>? labelValues = null)
    {
        if (tileSize <= 0) throw new ArgumentOutOfRangeException(nameof(tileSize), tileSize, "Tile size must be positive.");
        if (stride <= 0) throw new ArgumentOutOfRangeException(nameof(stride), stride, "Stride must be positive.");
        Tiles = tiles ?? throw new ArgumentNullException(nameof(tiles));
        Sources = sources ?? throw new ArgumentNullException(nameof(sources));
        TileSize = tileSize;
        Stride = stride;
        EdgePolicy = edgePolicy;
        Target = target;
        ClassCount = classCount;
        IgnoreClass = ignoreClass;
        Grids = grids ?? Array.Empty<int>();
        ClassNames = classNames ?? Array.Empty<string>();
        if (ClassNames.Count > 0 && ClassNames.Count != classCount)
        {
            throw new ArgumentException($"{ClassNames.Count} class names for {classCount} classes.", nameof(classNames));
        }
        WholeImages = wholeImages;
        LabelValues = labelValues ?? Array.Empty<int>();
        if (LabelValues.Count > 0 && LabelValues.Count != classCount)
        {
            throw new ArgumentException($"{LabelValues.Count} label values for {classCount} classes.", nameof(labelValues));
        }
        ClassCounts = CountClasses(tiles, target, classCount);
    }

    /// <summary>Number of tiles.</summary>
    public int Count => Tiles.Count;

    /// <summary>The tiles, in source order, then row by row.</summary>
    public IReadOnlyList<Tile> Tiles { get; }

    /// <summary>The micrographs the tiles were cut from.</summary>
    public IReadOnlyList<Micrograph> Sources { get; }

    /// <summary>Tile width and height in pixels.</summary>
    public int TileSize { get; }

    /// <summary>Distance between the left (top) edges of neighbouring tiles.</summary>
    public int Stride { get; }

    /// <summary>Pixels shared by neighbouring tiles (tile size minus stride, never negative).</summary>
    public int Overlap => Math.Max(0, TileSize - Stride);

    /// <summary>How partial tiles at the image edges were handled.</summary>
    public EdgePolicy EdgePolicy { get; }

    /// <summary>What the tiles are labelled with.</summary>
    public TileTarget Target { get; }

    /// <summary>Number of classes K (2 for <see cref="TileTarget.Label"/>; 0 where there are no classes).</summary>
    public int ClassCount { get; }

    /// <summary>The label value left out of class histograms, if any.</summary>
    public int? IgnoreClass { get; }

    /// <summary>Grid sizes r of <see cref="TileTarget.ClassHistogram"/> targets.</summary>
    public IReadOnlyList<int> Grids { get; }

    /// <summary>
    /// The classes' names, index = class, where the tile set knows them (<see cref="TileTarget.ImageClass"/>
    /// targets name their classes); empty otherwise, when the model's class names apply.
    /// </summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>
    /// The label-image values of classes 0 to K − 1 for <see cref="TileTarget.CenterClass"/> and
    /// <see cref="TileTarget.ClassHistogram"/> targets; empty where the values are the class indices.
    /// </summary>
    public IReadOnlyList<int> LabelValues { get; }

    /// <summary>How the label images' values stand for classes (null for targets without a label image of classes).</summary>
    public LabelCoding? Coding => Target is TileTarget.CenterClass or TileTarget.ClassHistogram && ClassCount > 0
        ? new LabelCoding(ClassCount, IgnoreClass, LabelValues)
        : null;

    /// <summary>Whether each tile is a whole micrograph resized to <see cref="TileSize"/> rather than cut on a grid.</summary>
    public bool WholeImages { get; }

    /// <summary>Tiles per class for <see cref="TileTarget.Label"/>, <see cref="TileTarget.CenterClass"/> and
    /// <see cref="TileTarget.ImageClass"/> (index = class); empty for other targets.</summary>
    public IReadOnlyList<int> ClassCounts { get; }

    private static int[] CountClasses(IReadOnlyList<Tile> tiles, TileTarget target, int classCount)
    {
        if (target is not (TileTarget.Label or TileTarget.CenterClass or TileTarget.ImageClass) || classCount <= 0) return Array.Empty<int>();
        var counts = new int[classCount];
        foreach (var tile in tiles)
        {
            if (tile.Label >= 0 && tile.Label < classCount) counts[tile.Label]++;
        }
        return counts;
    }

    /// <inheritdoc />
    public override string ToString() => WholeImages
        ? $"{Count} whole micrograph(s) resized to {TileSize}×{TileSize}, target {Target}"
        : $"{Count} tiles of {TileSize}×{TileSize} from {Sources.Count} micrograph(s), target {Target}";
}
