namespace CellOps.Runtime.Inference;

/// <summary>
/// Takes a dense model's cell distributions batch by batch as prediction runs, instead of their being
/// kept for every tile (see <see cref="TilePredictor.Predict"/>): a whole slide's maps are built from them
/// as they come.
/// </summary>
/// <param name="firstTile">Index of the batch's first tile in the tile list.</param>
/// <param name="cells">Per tile, r·r cells of K values (cell by cell, K per cell), tile after tile.</param>
/// <param name="grid">r: the finest output grid.</param>
public delegate void CellSink(int firstTile, ReadOnlySpan<float> cells, int grid);
