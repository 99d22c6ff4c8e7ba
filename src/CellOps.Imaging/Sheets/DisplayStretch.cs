namespace CellOps.Imaging.Sheets;

/// <summary>
/// The one display policy for images whose values have no natural 0..255 range (16-bit phase contrast,
/// float predictions): shown between their 0.5th and 99.5th percentiles, so a few extreme pixels neither
/// wash the image out nor leave it black.
/// </summary>
public static class DisplayStretch
{
    /// <summary>The lower percentile shown as black.</summary>
    public const double LowPercentile = 0.5;

    /// <summary>The upper percentile shown as white.</summary>
    public const double HighPercentile = 99.5;

    /// <summary>
    /// The values at <see cref="LowPercentile"/> and <see cref="HighPercentile"/> of <paramref name="sample"/>
    /// (finite values; sorted in place), or null where it is empty.
    /// </summary>
    public static (float Low, float High)? Range(List<float> sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Count == 0) return null;
        sample.Sort();
        return (sample[(int)(LowPercentile / 100 * (sample.Count - 1))], sample[(int)(HighPercentile / 100 * (sample.Count - 1))]);
    }
}
