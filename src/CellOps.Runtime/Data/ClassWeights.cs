using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Data;

/// <summary>Per-class loss weights that counter class imbalance.</summary>
public static class ClassWeights
{
    /// <summary>
    /// Balanced weights: N / (K × n_k) for each class k with n_k tiles, so every class contributes
    /// equally to the loss; a class with no tiles gets weight 0.
    /// </summary>
    public static float[] Balanced(IReadOnlyList<Tile> tiles, int classCount)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount));
        var counts = new int[classCount];
        int labelled = 0;
        foreach (var tile in tiles)
        {
            if (tile.Label < 0 || tile.Label >= classCount) continue;
            counts[tile.Label]++;
            labelled++;
        }
        var weights = new float[classCount];
        for (int k = 0; k < classCount; k++)
        {
            weights[k] = counts[k] == 0 ? 0f : (float)((double)labelled / (classCount * (double)counts[k]));
        }
        return weights;
    }
}
