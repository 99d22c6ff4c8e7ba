namespace CellOps.Sdk.Tiling;

/// <summary>
/// Tile sets that cannot be merged into one (see <see cref="TileSet.Merge"/>): they were cut or
/// labelled differently. The message names what differs and is fit to show to a user as it is.
/// </summary>
public sealed class TileSetMismatchException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="property">The <see cref="TileSet"/> property that differs.</param>
    /// <param name="index">Position of the set that differs from the first, among the sets to merge.</param>
    /// <param name="message">What differs, in words.</param>
    public TileSetMismatchException(string property, int index, string message)
        : base(message)
    {
        Property = property;
        Index = index;
    }

    /// <summary>The <see cref="TileSet"/> property that differs, such as <c>LabelValues</c>.</summary>
    public string Property { get; }

    /// <summary>Position of the set that differs from the first (1 or more).</summary>
    public int Index { get; }
}
