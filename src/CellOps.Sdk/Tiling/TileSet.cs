using CellOps.Sdk.Imaging;

namespace CellOps.Sdk.Tiling;

/// <summary>
/// Tiles cut on a grid from one or more micrographs, with their targets. A tile set travels down
/// the pipeline as one object; its tiles are in <see cref="Tiles"/>.
/// </summary>
/// <remarks>Deliberately not enumerable: PowerShell would unroll it into single tiles.</remarks>
public sealed class TileSet
{
    /// <summary>
    /// Creates a tile set. To make one from another (a subset, or several joined), use
    /// <see cref="WithTiles"/> or <see cref="Merge"/>, which carry every property of the original.
    /// </summary>
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
    public IReadOnlyList<Tile> Tiles { get; private set; }

    /// <summary>The micrographs the tiles were cut from.</summary>
    public IReadOnlyList<Micrograph> Sources { get; private set; }

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
    public int ClassCount { get; private set; }

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
    public IReadOnlyList<int> ClassCounts { get; private set; }

    /// <summary>
    /// A tile set like this one, with other tiles: every other property (tile size, target, class
    /// names, label values...) is this set's. Use it to take a subset of the tiles.
    /// </summary>
    /// <param name="tiles">The tiles.</param>
    /// <param name="sources">The micrographs they were cut from.</param>
    public TileSet WithTiles(IReadOnlyList<Tile> tiles, IReadOnlyList<Micrograph> sources)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentNullException.ThrowIfNull(sources);
        return Copy(tiles, sources, ClassCount);
    }

    // A memberwise copy rather than a call of the constructor: a property added to the class later
    // is carried without anyone having to remember it here.
    private TileSet Copy(IReadOnlyList<Tile> tiles, IReadOnlyList<Micrograph> sources, int classCount)
    {
        var copy = (TileSet)MemberwiseClone();
        copy.Tiles = tiles;
        copy.Sources = sources;
        copy.ClassCount = classCount;
        copy.ClassCounts = CountClasses(tiles, Target, classCount);
        return copy;
    }

    /// <summary>
    /// One tile set of the tiles of several, in order, to train on together. The sets must have been
    /// cut and labelled alike: the same tile size, target, edge policy, whole-micrograph tiling, class
    /// names, label values, ignore value and grids (and, for class histograms, the same number of
    /// classes). The merged set has those, the first set's stride, and the largest class count, which
    /// is where center-class sets whose classes are their indices differ.
    /// </summary>
    /// <param name="sets">The tile sets, at least one.</param>
    /// <returns>The only set where there is one; otherwise a new set.</returns>
    /// <exception cref="TileSetMismatchException">A set differs from the first; the message says how.</exception>
    public static TileSet Merge(IReadOnlyList<TileSet> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (sets.Count == 0) throw new ArgumentException("There are no tile sets to merge.", nameof(sets));
        var first = sets[0] ?? throw new ArgumentNullException(nameof(sets), "A tile set to merge is null.");
        if (sets.Count == 1) return first;
        for (int i = 1; i < sets.Count; i++)
        {
            var set = sets[i] ?? throw new ArgumentNullException(nameof(sets), "A tile set to merge is null.");
            if (Difference(first, set) is (string property, string mine, string theirs))
            {
                throw new TileSetMismatchException(property, i,
                    $"Tile sets to train on together must be cut and labelled alike, but their {Words(property)} differ: " +
                    $"the first set has {mine}, set {i + 1} ({set}) has {theirs}.");
            }
        }
        return first.Copy(sets.SelectMany(s => s.Tiles).ToArray(), sets.SelectMany(s => s.Sources).Distinct().ToArray(), sets.Max(s => s.ClassCount));
    }

    // The first property in which b differs from a, with both values in words; null where none does.
    private static (string Property, string A, string B)? Difference(TileSet a, TileSet b)
    {
        if (a.TileSize != b.TileSize) return (nameof(TileSize), $"{a.TileSize}×{a.TileSize}", $"{b.TileSize}×{b.TileSize}");
        if (a.Target != b.Target) return (nameof(Target), a.Target.ToString(), b.Target.ToString());
        if (a.EdgePolicy != b.EdgePolicy) return (nameof(EdgePolicy), a.EdgePolicy.ToString(), b.EdgePolicy.ToString());
        if (a.WholeImages != b.WholeImages) return (nameof(WholeImages), Tiling(a), Tiling(b));
        if (!a.ClassNames.SequenceEqual(b.ClassNames, StringComparer.OrdinalIgnoreCase))
            return (nameof(ClassNames), List(a.ClassNames, "none"), List(b.ClassNames, "none"));
        if (!a.LabelValues.SequenceEqual(b.LabelValues))
            return (nameof(LabelValues), List(a.LabelValues, "none (the class indices)"), List(b.LabelValues, "none (the class indices)"));
        if (a.IgnoreClass != b.IgnoreClass) return (nameof(IgnoreClass), a.IgnoreClass?.ToString() ?? "none", b.IgnoreClass?.ToString() ?? "none");
        if (!a.Grids.SequenceEqual(b.Grids)) return (nameof(Grids), List(a.Grids, "none"), List(b.Grids, "none"));
        // A histogram holds one share per class, so its length is part of the target.
        if (a.Target == TileTarget.ClassHistogram && a.ClassCount != b.ClassCount)
            return (nameof(ClassCount), a.ClassCount.ToString(), b.ClassCount.ToString());
        return null;

        static string Tiling(TileSet set) => set.WholeImages ? "whole micrographs resized" : "tiles cut on a grid";
        static string List<T>(IReadOnlyList<T> values, string none) => values.Count == 0 ? none : string.Join(", ", values);
    }

    private static string Words(string property) => property switch
    {
        nameof(TileSize) => "tile sizes",
        nameof(Target) => "targets",
        nameof(EdgePolicy) => "edge policies",
        nameof(WholeImages) => "tilings",
        nameof(ClassNames) => "class names",
        nameof(LabelValues) => "label values",
        nameof(IgnoreClass) => "ignore values",
        nameof(Grids) => "histogram grids",
        nameof(ClassCount) => "class counts",
        _ => property,
    };

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
