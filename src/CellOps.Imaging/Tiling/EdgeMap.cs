namespace CellOps.Imaging.Tiling;

/// <summary>Maps tile coordinates that fall outside the image to source coordinates under an edge policy.</summary>
internal static class EdgeMap
{
    /// <summary>
    /// Mirrors <paramref name="i"/> into 0..length−1 without repeating the edge pixel (−1 → 1,
    /// length → length − 2), folding again as often as needed for tiles larger than the image.
    /// </summary>
    public static int Reflect(int i, int length)
    {
        if (length == 1) return 0;
        long period = 2L * (length - 1);
        long m = i % period;
        if (m < 0) m += period;
        return (int)(m < length ? m : period - m);
    }

    /// <summary>The frame of <paramref name="pair"/> matching frame <paramref name="frame"/> of its
    /// micrograph: the same frame, or the first where the pair has fewer.</summary>
    public static int PairFrame(int frame, int pairFrameCount) => frame < pairFrameCount ? frame : 0;
}
