using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Training;

/// <summary>
/// How a tile set's classes line up with a model's. Tiles that name their classes (an ImageClass
/// target) are matched to the model's classes by name, ignoring case; where the model does not know
/// them all, a network with a replaceable head (<see cref="ITransferableNetwork"/>) is given a head
/// for the tiles' own classes, and the package records those.
/// </summary>
internal sealed class ClassAlignment
{
    private ClassAlignment(IReadOnlyList<string> classNames, IReadOnlyList<Tile> tiles, bool newHead)
    {
        ClassNames = classNames;
        Tiles = tiles;
        NeedsNewHead = newHead;
    }

    /// <summary>The classes the trained network predicts, index = class; what the package records.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The tiles, their labels indices into <see cref="ClassNames"/>.</summary>
    public IReadOnlyList<Tile> Tiles { get; }

    /// <summary>Whether the network needs a head for <see cref="ClassNames"/> instead of the model's classes.</summary>
    public bool NeedsNewHead { get; }

    /// <summary>The model's classes and the tiles as they are: for targets that are not class labels.</summary>
    public static ClassAlignment AsDeclared(ICellModel model, TileSet tileSet) => new(model.ClassNames, tileSet.Tiles, newHead: false);

    /// <summary>
    /// For a generator: the named classes its tiles hold (a generator trained on one cell type's crops
    /// records that type), the tiles as they are.
    /// </summary>
    public static ClassAlignment Imitated(TileSet tileSet)
    {
        var present = tileSet.ClassNames.Where((_, k) => k < tileSet.ClassCounts.Count && tileSet.ClassCounts[k] > 0).ToArray();
        return new ClassAlignment(present, tileSet.Tiles, newHead: false);
    }

    /// <summary>Lines up <paramref name="tileSet"/>'s classes with <paramref name="model"/>'s.</summary>
    /// <param name="model">The model.</param>
    /// <param name="tileSet">The labelled tiles.</param>
    /// <param name="headReplaceable">Whether the model's network can take a head for other classes.</param>
    /// <exception cref="ArgumentException">The classes cannot be matched and the head cannot be replaced.</exception>
    public static ClassAlignment Resolve(ICellModel model, TileSet tileSet, bool headReplaceable)
    {
        var declared = model.ClassNames;
        var named = tileSet.ClassNames;
        if (named.Count == 0)
        {
            if (tileSet.ClassCount > declared.Count && declared.Count > 0)
            {
                throw new ArgumentException($"The tiles have {tileSet.ClassCount} classes; {model.Name} predicts {declared.Count}.");
            }
            return new ClassAlignment(declared, tileSet.Tiles, newHead: false);
        }

        var map = new int[named.Count];
        bool allKnown = true, sameOrder = named.Count == declared.Count;
        for (int k = 0; k < named.Count; k++)
        {
            map[k] = IndexOf(declared, named[k]);
            allKnown &= map[k] >= 0;
            sameOrder &= map[k] == k;
        }
        if (sameOrder) return new ClassAlignment(declared, tileSet.Tiles, newHead: false);
        if (allKnown) return new ClassAlignment(declared, Relabel(tileSet.Tiles, map), newHead: false);
        if (headReplaceable) return new ClassAlignment(named.ToArray(), tileSet.Tiles, newHead: true);
        throw new ArgumentException(
            $"The tiles' classes ({string.Join(", ", named)}) are not all among {model.Name}'s ({string.Join(", ", declared)}), " +
            "and its network cannot take a head for other classes.");
    }

    /// <summary>
    /// The classes of a dense model trained on label images: the tile set's K classes, named as the
    /// tile set names them, else as the model does where it declares K, else by index. The histogram
    /// targets follow the label image's order, so a network whose classes differ needs a new head.
    /// </summary>
    /// <exception cref="ArgumentException">The classes differ and the head cannot be replaced.</exception>
    public static ClassAlignment ForLabelImage(ICellModel model, TileSet tileSet, bool headReplaceable)
    {
        var declared = model.ClassNames;
        int k = tileSet.ClassCount;
        IReadOnlyList<string> names = tileSet.ClassNames.Count == k ? tileSet.ClassNames
            : declared.Count == k ? declared
            : Enumerable.Range(0, k).Select(c => $"class {c}").ToArray();
        bool same = names.Count == declared.Count && names.Select((n, i) => string.Equals(n, declared[i], StringComparison.OrdinalIgnoreCase)).All(b => b);
        if (same) return new ClassAlignment(declared, tileSet.Tiles, newHead: false);
        if (headReplaceable) return new ClassAlignment(names.ToArray(), tileSet.Tiles, newHead: true);
        throw new ArgumentException(
            $"The tiles have {k} classes ({string.Join(", ", names)}); {model.Name} predicts {declared.Count} ({string.Join(", ", declared)}), " +
            "and its network cannot take a head for other classes.");
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    private static Tile[] Relabel(IReadOnlyList<Tile> tiles, int[] map) => tiles
        .Select(t => t.Label < 0 ? t : new Tile(t.Index, t.Source, t.Frame, t.Rect, map[t.Label], t.PositiveFraction, t.Histograms))
        .ToArray();
}
