namespace CellOps.Runtime.Translation;

/// <summary>
/// How much each pixel of a predicted tile counts where overlapping tiles are blended: a separable
/// pyramid, highest at the tile's centre and falling linearly towards its edges without reaching zero.
/// A network sees least context at a tile's border, so its border pixels count least, and the weights
/// of neighbouring tiles cross smoothly, leaving no seam.
/// </summary>
public static class BlendWindow
{
    /// <summary>The weight of each position along one axis of a tile of <paramref name="size"/>.</summary>
    public static float[] Axis(int size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size));
        var weights = new float[size];
        for (int p = 0; p < size; p++) weights[p] = Math.Min(p + 1, size - p);
        return weights;
    }
}
