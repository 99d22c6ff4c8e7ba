namespace CellOps.Runtime.Inference;

/// <summary>Class probabilities of a pass over tiles, in tile order.</summary>
/// <param name="Probabilities">N×K row-major softmax outputs.</param>
/// <param name="ClassCount">K.</param>
/// <param name="Labels">The tiles' labels (−1 where a tile has none).</param>
/// <param name="MeanLoss">Mean loss over the tiles where a loss was computed, else null.</param>
/// <param name="Completed">Tiles processed (fewer than N when cancelled).</param>
public sealed record PredictionOutput(float[] Probabilities, int ClassCount, int[] Labels, double? MeanLoss, int Completed)
{
    /// <summary>
    /// For dense models: per tile, the class distributions of the cells of the finest output grid
    /// (<see cref="Grid"/>×<see cref="Grid"/> cells row-major, K per cell); null for classifiers.
    /// </summary>
    public float[]? Cells { get; init; }

    /// <summary>The grid size r of <see cref="Cells"/>; 0 without cells.</summary>
    public int Grid { get; init; }

    /// <summary>Number of tiles.</summary>
    public int Count => Labels.Length;

    /// <summary>The predicted class of tile <paramref name="index"/> (the most probable; the lowest index on ties).</summary>
    public int PredictedClass(int index) =>
        Metrics.ClassificationMetrics.PredictedClass(Probabilities.AsSpan(index * ClassCount, ClassCount));

    /// <summary>Whether every tile has a label (so metrics can be computed).</summary>
    public bool FullyLabelled => Labels.Length > 0 && Array.TrueForAll(Labels, l => l >= 0 && l < ClassCount);
}
