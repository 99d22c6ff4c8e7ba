namespace CellOps.Sdk.Models;

/// <summary>What a model takes: square tiles of one size with a number of channels, normalised one way.</summary>
/// <param name="TileSize">Tile width and height in pixels.</param>
/// <param name="Channels">Input channels. A micrograph with more channels is averaged to one where this is 1;
/// a one-channel micrograph is repeated where this is larger.</param>
/// <param name="Normalization">How raw pixel values are normalised.</param>
public sealed record InputSpec(int TileSize, int Channels, Normalization Normalization)
{
    /// <inheritdoc />
    public override string ToString() => $"{Channels}×{TileSize}×{TileSize} {Normalization}";
}
