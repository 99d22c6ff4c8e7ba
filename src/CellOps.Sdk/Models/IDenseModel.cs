namespace CellOps.Sdk.Models;

/// <summary>
/// A model that predicts class distributions inside each tile rather than one class per tile: an
/// r×r grid of cells per tile for one or more r (the class-distribution models), or one distribution
/// per pixel (r = the tile size, fully convolutional models). It trains on tile sets made with
/// <c>New-TileSet -Target ClassHistogram</c>, and Invoke-CellModel lays its cells back over the
/// micrograph as a dense map.
/// </summary>
/// <remarks>
/// <para>The network maps N×C×H×W inputs to N×K×S logits, where S = Σ r² over <see cref="OutputGrids"/>:
/// the grids one after the other in the declared order, each grid's cells in row-major order.</para>
/// <para>The training targets (<see cref="Training.TrainingBatch.Targets"/>) have the same N×K×S shape:
/// per cell, the fractions of its pixels in each class, counting only pixels that are a class (the
/// ignore value and pixels past the image are left out). They sum to 1 per cell, or are all zero where
/// no pixel of the cell is a class; such cells must not contribute to the loss. Each tile's targets are
/// computed after the same flip or turn as its pixels, so augmentation needs nothing from the model.</para>
/// <para>Every r must divide the tile size, so that flips and turns map cells onto cells.</para>
/// </remarks>
public interface IDenseModel : ICellModel
{
    /// <summary>The grid sizes r of the network's output, in output order; Invoke-CellModel maps the finest (largest r).</summary>
    /// <param name="hyperParameters">Resolved values of <see cref="ICellModel.HyperParameters"/>.</param>
    IReadOnlyList<int> OutputGrids(HyperParameterValues hyperParameters);
}
