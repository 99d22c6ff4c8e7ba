namespace CellOps.Runtime.Packaging;

/// <summary>
/// The largest values a model package may claim. A package is a small file whose numbers decide how much
/// memory opening it commits (a tile size becomes a probe batch, a class count a layer, an entry's
/// recorded size a buffer), so each is checked against these before anything is built or read.
/// </summary>
public static class PackageLimits
{
    /// <summary>Largest tile size, in pixels per side: eight times the largest tile any CellOps plugin trains on (256).</summary>
    public const int MaxTileSize = 2048;

    /// <summary>Largest number of input channels: as many as a TIFF page CellOps reads may have.</summary>
    public const int MaxChannels = 64;

    /// <summary>Largest number of classes: far above any cell-type list, far below a head that would not fit in memory.</summary>
    public const int MaxClasses = 10_000;

    /// <summary>
    /// Largest entry, in bytes, once decompressed. Weights are read whole into memory and then copied into the
    /// network, so an entry costs about twice its size; the largest network a plugin builds (a ResNet-50) is about 100 MB.
    /// </summary>
    public const long MaxEntryBytes = 1L << 30;

    /// <summary>
    /// Largest ratio of an entry's decompressed to its compressed size. Deflate cannot expand data more than
    /// about 1,032 times, so a zip directory that claims more is not describing the data it holds.
    /// </summary>
    public const long MaxExpansion = 1100;
}
