using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Tiling;

/// <summary>
/// The histogram <see cref="OtsuThreshold.Compute"/> splits, filled by the caller band by band, so a
/// scan that already reads an image (for other statistics) can find its Otsu threshold on the way.
/// Binning: 8- and 16-bit images one bin per value; 32-bit and float images one bin per value where
/// their range spans fewer than 65,536 integers (integer types only), else 4,096 equal bins between
/// the smallest and largest value, the threshold being the upper edge of a bin. NaN is skipped.
/// </summary>
public sealed class OtsuHistogram
{
    private const int WideBins = 4096;

    private readonly long[] _counts;
    private readonly double _low;
    private readonly double _binWidth;
    private readonly bool _exact;
    private readonly bool _single;

    /// <summary>A histogram for samples of <paramref name="pixelType"/>.</summary>
    /// <param name="pixelType">The image's sample type.</param>
    /// <param name="min">Smallest value of the image (NaN ignored); read only where <see cref="NeedsRange"/>.</param>
    /// <param name="max">Largest value of the image; read only where <see cref="NeedsRange"/>.</param>
    public OtsuHistogram(PixelType pixelType, double min = 0, double max = 0)
    {
        switch (pixelType)
        {
            case PixelType.Bit:
            case PixelType.UInt8:
                (_low, _binWidth, _exact) = (0, 1, true);
                _counts = new long[256];
                break;
            case PixelType.Int8:
                (_low, _binWidth, _exact) = (sbyte.MinValue, 1, true);
                _counts = new long[256];
                break;
            case PixelType.UInt16:
                (_low, _binWidth, _exact) = (0, 1, true);
                _counts = new long[65536];
                break;
            case PixelType.Int16:
                (_low, _binWidth, _exact) = (short.MinValue, 1, true);
                _counts = new long[65536];
                break;
            default:
                if (!(min < max))
                {
                    // One value (or none): nothing can lie above it, so there is nothing to count.
                    (_low, _single) = (min, true);
                    _counts = [];
                    break;
                }
                bool integral = pixelType is PixelType.Int32 or PixelType.UInt32;
                if (integral && max - min < 65536)
                {
                    (_low, _binWidth, _exact) = (min, 1, true);
                    _counts = new long[(int)(max - min) + 1];
                }
                else
                {
                    (_low, _binWidth, _exact) = (min, (max - min) / WideBins, false);
                    _counts = new long[WideBins];
                }
                break;
        }
    }

    /// <summary>Whether the histogram of <paramref name="pixelType"/> needs the image's range first (32-bit and float types).</summary>
    public static bool NeedsRange(PixelType pixelType) => pixelType is PixelType.Int32 or PixelType.UInt32 or PixelType.Float32;

    /// <summary>Counts <paramref name="values"/> (raw sample values; NaN skipped, values outside the range clamped to the end bins).</summary>
    public void Add(ReadOnlySpan<float> values)
    {
        if (_single) return;
        var counts = _counts;
        int bins = counts.Length;
        double scale = 1 / _binWidth;
        foreach (float v in values)
        {
            if (float.IsNaN(v)) continue;
            int b = (int)((v - _low) * scale);
            if (b >= bins) b = bins - 1;
            else if (b < 0) b = 0;
            counts[b]++;
        }
    }

    /// <summary>Otsu's threshold of the values counted: values strictly above it form the upper class.</summary>
    public double Threshold()
    {
        if (_single) return _low;
        int t = OtsuThreshold.FindBin(_counts);
        // Exact integer bins: the threshold is the value of bin t. Wide bins: its upper edge.
        return _exact ? _low + t : _low + (t + 1) * _binWidth;
    }
}
