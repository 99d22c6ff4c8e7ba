using CellOps.Sdk.Imaging;

namespace CellOps.Runtime.Data;

/// <summary>
/// What a validation split holds out whole, beyond single micrographs: groups of micrographs that
/// share a key, such as a differentiation run, a well, or a column of fields cut from one well. Every
/// tile of a group is on one side of the split, so validation measures how the model does on a run
/// (or region) it has not seen, not on a neighbour of a field it trained on.
/// </summary>
public sealed class HoldOutGrouping
{
    private readonly Func<Micrograph, string?> _keyOf;

    /// <summary>Creates a grouping.</summary>
    /// <param name="description">How the groups are told apart, in words (recorded in checkpoints and packages,
    /// and compared on resume), e.g. <c>metadata 'Run'</c>.</param>
    /// <param name="keyOf">A micrograph's group; null or blank where it has none, which is an error.</param>
    public HoldOutGrouping(string description, Func<Micrograph, string?> keyOf)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        Description = description.Trim();
        _keyOf = keyOf ?? throw new ArgumentNullException(nameof(keyOf));
    }

    /// <summary>How the groups are told apart, in words.</summary>
    public string Description { get; }

    /// <summary>Groups micrographs by the value of a metadata key (e.g. <c>CellOps.FieldColumn</c> of fields cut by Split-Micrograph).</summary>
    public static HoldOutGrouping ByMetadata(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return new HoldOutGrouping($"metadata '{key}'", m => MetadataValue(m, key));
    }

    /// <summary>The group of <paramref name="micrograph"/>.</summary>
    /// <exception cref="HoldOutGroupException">It has none.</exception>
    public string GroupOf(Micrograph micrograph)
    {
        ArgumentNullException.ThrowIfNull(micrograph);
        string? key = _keyOf(micrograph);
        if (!string.IsNullOrWhiteSpace(key)) return key;
        string known = micrograph.Metadata.Count == 0 ? "it has no metadata"
            : $"its metadata keys are {string.Join(", ", micrograph.Metadata.Keys.Order(StringComparer.OrdinalIgnoreCase).Take(12))}{(micrograph.Metadata.Count > 12 ? ", ..." : "")}";
        throw new HoldOutGroupException(micrograph,
            $"'{micrograph.Path ?? micrograph.Name}' has no group to hold out by ({Description} gave {(key is null ? "nothing" : "a blank value")}; {known}). " +
            "Every micrograph needs one: give them the key, or group by something they all have.");
    }

    /// <inheritdoc />
    public override string ToString() => Description;

    // Metadata read from files may be keyed in any case; the exact key wins where both exist.
    private static string? MetadataValue(Micrograph micrograph, string key)
    {
        if (micrograph.Metadata.TryGetValue(key, out var value)) return value;
        foreach (var (name, v) in micrograph.Metadata)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase)) return v;
        }
        return null;
    }
}
