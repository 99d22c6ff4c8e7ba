using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Data;

/// <summary>
/// Splits tiles into training and validation by source micrograph, never by tile: overlapping or
/// neighbouring tiles of one field are nearly the same image, and having them on both sides would
/// make validation measure memory instead of generalisation.
/// </summary>
public sealed class ValidationSplit
{
    private ValidationSplit(IReadOnlyList<Tile> training, IReadOnlyList<Tile> validation, IReadOnlyList<Micrograph> validationSources)
    {
        Training = training;
        Validation = validation;
        ValidationSources = validationSources;
    }

    /// <summary>Tiles to train on.</summary>
    public IReadOnlyList<Tile> Training { get; }

    /// <summary>Tiles to validate on (empty without a split).</summary>
    public IReadOnlyList<Tile> Validation { get; }

    /// <summary>The micrographs whose tiles are all in <see cref="Validation"/>.</summary>
    public IReadOnlyList<Micrograph> ValidationSources { get; }

    /// <summary>
    /// Holds out whole micrographs, chosen in a seeded random order, until at least
    /// <paramref name="fraction"/> of the tiles are held out (at least one micrograph, and never all).
    /// </summary>
    /// <param name="tiles">All tiles.</param>
    /// <param name="fraction">0 for no validation; otherwise in (0, 1).</param>
    /// <param name="seed">Makes the choice repeatable.</param>
    /// <exception cref="ArgumentException">A split was asked for but the tiles come from a single micrograph.</exception>
    public static ValidationSplit Create(IReadOnlyList<Tile> tiles, double fraction, long seed)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        if (!(fraction >= 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The validation fraction must be at least 0 and less than 1.");
        if (fraction == 0) return new ValidationSplit(tiles, Array.Empty<Tile>(), Array.Empty<Micrograph>());

        var groups = tiles.GroupBy(t => t.Source, ReferenceEqualityComparer.Instance)
            .Select(g => (Source: (Micrograph)g.Key!, Tiles: g.ToList()))
            .ToList();
        if (groups.Count < 2)
        {
            throw new ArgumentException(
                "A validation split needs tiles from at least two micrographs (whole micrographs are held out); " +
                "use -ValidationFraction 0 or add micrographs.");
        }

        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var order = groups.OrderBy(g => g.Source.Path ?? g.Source.Name, StringComparer.Ordinal).ToArray();
        random.Shuffle(order);

        int wanted = (int)Math.Ceiling(fraction * tiles.Count);
        var held = new List<(Micrograph Source, List<Tile> Tiles)>();
        int count = 0;
        foreach (var group in order)
        {
            if (count >= wanted || held.Count == order.Length - 1) break;
            held.Add(group);
            count += group.Tiles.Count;
        }
        var heldSet = new HashSet<object>(held.Select(h => (object)h.Source), ReferenceEqualityComparer.Instance);
        var training = tiles.Where(t => !heldSet.Contains(t.Source)).ToArray();
        var validation = tiles.Where(t => heldSet.Contains(t.Source)).ToArray();
        return new ValidationSplit(training, validation, held.Select(h => h.Source).ToArray());
    }
}
