using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Tiling;

/// <summary>
/// A micrograph would give more tiles than one tile set holds (<see cref="TileSetBuilder.MaxTiles"/>). Thrown
/// before any tile is made; the message names the count, the limit and how to ask for fewer tiles.
/// </summary>
public sealed class TooManyTilesException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="micrograph">The micrograph whose tiles would not fit.</param>
    /// <param name="tileCount">How many tiles the tile set would then hold.</param>
    /// <param name="limit">The most it may hold.</param>
    /// <param name="message">What is wrong and what to do; should name the micrograph.</param>
    public TooManyTilesException(Micrograph micrograph, long tileCount, long limit, string message)
        : base(message)
    {
        Micrograph = micrograph ?? throw new ArgumentNullException(nameof(micrograph));
        TileCount = tileCount;
        Limit = limit;
    }

    /// <summary>The micrograph whose tiles would not fit.</summary>
    public Micrograph Micrograph { get; }

    /// <summary>How many tiles the tile set would then hold.</summary>
    public long TileCount { get; }

    /// <summary>The most a tile set may hold.</summary>
    public long Limit { get; }
}
