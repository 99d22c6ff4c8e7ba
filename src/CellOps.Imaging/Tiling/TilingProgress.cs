namespace CellOps.Imaging.Tiling;

/// <summary>How far a <see cref="TileSetBuilder"/> has got with the current micrograph.</summary>
/// <param name="Micrograph">Name of the micrograph being cut.</param>
/// <param name="MicrographIndex">Zero-based position of that micrograph among those added to the builder.</param>
/// <param name="PositionsDone">Grid positions of this micrograph examined so far.</param>
/// <param name="PositionsTotal">Grid positions of this micrograph in all.</param>
/// <param name="TileCount">Tiles kept so far, over all micrographs.</param>
public readonly record struct TilingProgress(string Micrograph, int MicrographIndex, int PositionsDone, int PositionsTotal, int TileCount)
{
    /// <summary>Per cent of the current micrograph done, 0 to 100.</summary>
    public int PercentComplete => PositionsTotal == 0 ? 100 : (int)(100L * PositionsDone / PositionsTotal);
}
