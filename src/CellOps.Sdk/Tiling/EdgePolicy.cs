namespace CellOps.Sdk.Tiling;

/// <summary>What happens where the tile grid does not fit the image exactly.</summary>
public enum EdgePolicy
{
    /// <summary>Partial tiles at the right and bottom edges are dropped.</summary>
    Drop,
    /// <summary>Partial tiles are kept and the missing pixels are zero.</summary>
    Pad,
    /// <summary>Partial tiles are kept and the missing pixels mirror the image (without repeating the edge pixel).</summary>
    Reflect,
    /// <summary>The last tile of each row and column is shifted inward so that it ends at the image edge.</summary>
    Shift,
}
