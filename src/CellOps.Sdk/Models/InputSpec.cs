namespace CellOps.Sdk.Models;

/// <summary>What a model takes: square tiles of one size with a number of channels, normalised one way.</summary>
/// <param name="TileSize">Tile width and height in pixels (the suggested size where <see cref="AnyTileSize"/> is set).</param>
/// <param name="Channels">Input channels. A micrograph with more channels is averaged to one where this is 1;
/// a one-channel micrograph is repeated where this is larger.</param>
/// <param name="Normalization">How raw pixel values are normalised.</param>
public sealed record InputSpec(int TileSize, int Channels, Normalization Normalization)
{
    /// <summary>
    /// Whether the network takes square tiles of any size (it pools its features globally, as a ResNet
    /// does). <see cref="TileSize"/> is then the suggested size: the model trains on the tile set's
    /// size, which the model package records, and predicts at that size. False by default: the tiles
    /// must be <see cref="TileSize"/> square.
    /// </summary>
    public bool AnyTileSize { get; init; }

    /// <inheritdoc />
    public override string ToString() => AnyTileSize
        ? $"{Channels}×any ({TileSize} suggested) {Normalization}"
        : $"{Channels}×{TileSize}×{TileSize} {Normalization}";
}
