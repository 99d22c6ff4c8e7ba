using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Data;

/// <summary>
/// Splits tiles into training and validation by source micrograph, or by groups of micrographs
/// (<see cref="HoldOutGrouping"/>), never by tile: overlapping or neighbouring tiles of one field are
/// nearly the same image, and having them on both sides would make validation measure memory instead
/// of generalisation. Grouping widens the same idea to fields of one well, or micrographs of one run.
/// </summary>
public sealed class ValidationSplit
{
    /// <summary>How <see cref="Grouping"/> reads where whole micrographs are held out.</summary>
    public const string ByMicrograph = "micrograph";

    private ValidationSplit(IReadOnlyList<Tile> training, IReadOnlyList<Tile> validation, IReadOnlyList<Micrograph> validationSources,
        IReadOnlyList<string> validationGroups, string grouping)
    {
        Training = training;
        Validation = validation;
        ValidationSources = validationSources;
        ValidationGroups = validationGroups;
        Grouping = grouping;
    }

    /// <summary>Tiles to train on.</summary>
    public IReadOnlyList<Tile> Training { get; }

    /// <summary>Tiles to validate on (empty without a split).</summary>
    public IReadOnlyList<Tile> Validation { get; }

    /// <summary>The micrographs whose tiles are all in <see cref="Validation"/>.</summary>
    public IReadOnlyList<Micrograph> ValidationSources { get; }

    /// <summary>The groups held out, in the order they were drawn: micrograph names, or the grouping's keys.</summary>
    public IReadOnlyList<string> ValidationGroups { get; }

    /// <summary>What was held out whole: <see cref="ByMicrograph"/>, or the grouping's description.</summary>
    public string Grouping { get; }

    /// <summary>
    /// Holds out whole micrographs, or whole groups of them, chosen in a seeded random order, until at
    /// least <paramref name="fraction"/> of the tiles are held out (at least one group, and never all).
    /// </summary>
    /// <param name="tiles">All tiles.</param>
    /// <param name="fraction">0 for no validation; otherwise in (0, 1).</param>
    /// <param name="seed">Makes the choice repeatable.</param>
    /// <param name="grouping">The groups to hold out whole; null for single micrographs.</param>
    /// <exception cref="ArgumentException">A split was asked for but the tiles come from a single micrograph or group.</exception>
    /// <exception cref="HoldOutGroupException">A micrograph has no group.</exception>
    public static ValidationSplit Create(IReadOnlyList<Tile> tiles, double fraction, long seed, HoldOutGrouping? grouping = null)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        if (!(fraction >= 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The validation fraction must be at least 0 and less than 1.");
        string described = grouping?.Description ?? ByMicrograph;
        if (fraction == 0) return new ValidationSplit(tiles, Array.Empty<Tile>(), Array.Empty<Micrograph>(), Array.Empty<string>(), described);

        var sources = tiles.GroupBy(t => t.Source, ReferenceEqualityComparer.Instance)
            .Select(g => (Source: (Micrograph)g.Key!, Tiles: g.Count()))
            .ToList();
        var groups = grouping is null
            ? sources.Select(s => new Group(s.Source.Path ?? s.Source.Name, s.Source.Name, new[] { s.Source }, s.Tiles)).ToList()
            : sources.Select(s => (Key: grouping.GroupOf(s.Source), s.Source, s.Tiles))
                .GroupBy(s => s.Key, StringComparer.Ordinal)
                .Select(g => new Group(g.Key, g.Key, g.Select(s => s.Source).ToArray(), g.Sum(s => s.Tiles)))
                .ToList();
        if (groups.Count < 2)
        {
            throw new ArgumentException(grouping is null
                ? "A validation split needs tiles from at least two micrographs (whole micrographs are held out); " +
                  "use -ValidationFraction 0 or add micrographs."
                : $"A validation split needs at least two groups (whole groups are held out), but every micrograph has {grouping.Description} " +
                  $"'{groups[0].Name}'; hold out by something that differs, or use -ValidationFraction 0.");
        }

        // Sorted first, so the draw depends on the seed and the groups, not on the order tiles arrived in.
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        // Series of one file share its path; their names tell them apart.
        var order = groups.OrderBy(g => g.SortKey, StringComparer.Ordinal).ThenBy(g => g.Name, StringComparer.Ordinal).ToArray();
        random.Shuffle(order);

        int wanted = (int)Math.Ceiling(fraction * tiles.Count);
        var held = new List<Group>();
        int count = 0;
        foreach (var group in order)
        {
            if (count >= wanted || held.Count == order.Length - 1) break;
            held.Add(group);
            count += group.Tiles;
        }
        var heldSources = held.SelectMany(h => h.Sources).ToArray();
        var heldSet = new HashSet<object>(heldSources, ReferenceEqualityComparer.Instance);
        var training = tiles.Where(t => !heldSet.Contains(t.Source)).ToArray();
        var validation = tiles.Where(t => heldSet.Contains(t.Source)).ToArray();
        return new ValidationSplit(training, validation, heldSources, held.Select(h => h.Name).ToArray(), described);
    }

    private sealed record Group(string SortKey, string Name, IReadOnlyList<Micrograph> Sources, int Tiles);
}
