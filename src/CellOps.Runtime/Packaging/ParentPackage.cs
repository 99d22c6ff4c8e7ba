namespace CellOps.Runtime.Packaging;

/// <summary>
/// The trained package a model started from (transfer learning): exactly which one, by the SHA-256
/// of its file, and how its weights were used. Recorded in the child's manifest, so a fine-tuned
/// model can always be traced to its parent.
/// </summary>
public sealed record ParentPackage
{
    /// <summary>Lowercase hex SHA-256 of the parent package file.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The parent's model, PluginId.ModelName.</summary>
    public required string Model { get; init; }

    /// <summary>The parent package's file name when it was used.</summary>
    public string FileName { get; init; } = "";

    /// <summary>The classes the parent predicted.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>Whether the backbone taken from the parent was kept fixed while the new head trained.</summary>
    public bool BackboneFrozen { get; init; }

    /// <summary>
    /// Where the parent's own weights came from when it was imported (<see cref="ModelManifest.ImportedFrom"/>),
    /// so the child names the original file without opening its parent; null for a parent CellOps trained.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public WeightOrigin? ImportedFrom { get; init; }
}
