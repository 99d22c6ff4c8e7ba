namespace CellOps.Runtime.Generation;

/// <summary>
/// The metadata keys that mark a micrograph as made by a generator rather than imaged: whoever meets
/// it later (a tile set, an exported file, a report) can tell it apart and trace it to its package
/// and seed.
/// </summary>
public static class SyntheticMetadata
{
    /// <summary><c>true</c> on every generated micrograph.</summary>
    public const string SyntheticKey = "CellOps.Synthetic";

    /// <summary>The generating model, <c>PluginId.ModelName</c>.</summary>
    public const string GeneratorKey = "CellOps.Generator";

    /// <summary>The package's file name.</summary>
    public const string PackageKey = "CellOps.GeneratorPackage";

    /// <summary>Lowercase hex SHA-256 of the package file.</summary>
    public const string PackageSha256Key = "CellOps.GeneratorSha256";

    /// <summary>The seed the latent vectors were drawn with.</summary>
    public const string SeedKey = "CellOps.Seed";

    /// <summary>The sample's 0-based index under that seed (the same seed and index give the same image).</summary>
    public const string SampleKey = "CellOps.Sample";

    /// <summary>The class the generator imitates, where it was trained on one (the key box crops use too).</summary>
    public const string ClassKey = "CellOps.Class";

    /// <summary>Whether <paramref name="metadata"/> marks a generated micrograph.</summary>
    public static bool IsSynthetic(IReadOnlyDictionary<string, string> metadata) =>
        metadata is not null && metadata.TryGetValue(SyntheticKey, out var v) && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);
}
