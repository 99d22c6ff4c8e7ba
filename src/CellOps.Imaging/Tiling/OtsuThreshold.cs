using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Tiling;

/// <summary>Otsu's method: the split of a histogram that maximises the between-class variance.</summary>
public static class OtsuThreshold
{
    /// <summary>
    /// The index t of the last bin of the lower class (bins 0..t against t+1..end) that maximises the
    /// between-class variance. Where several splits tie (an empty gap between two modes), the middle
    /// one is taken (rounded down), so the threshold sits in the middle of the gap. A histogram with
    /// fewer than two occupied bins has no split; the last occupied bin is returned (nothing above it).
    /// </summary>
    /// <param name="histogram">Counts per bin; at least one bin.</param>
    public static int FindBin(ReadOnlySpan<long> histogram)
    {
        if (histogram.Length == 0) throw new ArgumentException("The histogram has no bins.", nameof(histogram));
        double total = 0, totalMoment = 0;
        int lastOccupied = -1, occupied = 0;
        for (int i = 0; i < histogram.Length; i++)
        {
            long n = histogram[i];
            if (n < 0) throw new ArgumentException($"Bin {i} holds a negative count.", nameof(histogram));
            if (n == 0) continue;
            total += n;
            totalMoment += (double)i * n;
            lastOccupied = i;
            occupied++;
        }
        if (occupied < 2) return Math.Max(lastOccupied, 0);

        // First pass finds the maximum, second pass the run of splits that reach it; two passes
        // avoid deciding ties against a running maximum that later grows.
        double best = -1;
        double w0 = 0, m0 = 0;
        for (int t = 0; t < histogram.Length - 1; t++)
        {
            w0 += histogram[t];
            m0 += (double)t * histogram[t];
            double w1 = total - w0;
            if (w0 == 0 || w1 == 0) continue;
            double diff = m0 / w0 - (totalMoment - m0) / w1;
            double between = w0 * w1 * diff * diff;
            if (between > best) best = between;
        }
        double tolerance = best * 1e-12;
        int first = -1, last = -1;
        w0 = 0;
        m0 = 0;
        for (int t = 0; t < histogram.Length - 1; t++)
        {
            w0 += histogram[t];
            m0 += (double)t * histogram[t];
            double w1 = total - w0;
            if (w0 == 0 || w1 == 0) continue;
            double diff = m0 / w0 - (totalMoment - m0) / w1;
            double between = w0 * w1 * diff * diff;
            if (between >= best - tolerance)
            {
                if (first < 0) first = t;
                last = t;
            }
            else if (first >= 0)
            {
                break;
            }
        }
        return first + (last - first) / 2;
    }

    /// <summary>
    /// Otsu's threshold over the first channel of a whole image, read in bands: values above it form
    /// the upper class. 8- and 16-bit images are binned exactly (one bin per value); 32-bit and float
    /// images use one bin per value where their range spans fewer than 65,536 integers, else 4,096
    /// equal bins between the smallest and largest value, the threshold being the upper edge of a bin.
    /// An image holding a single value returns that value (nothing lies above it).
    /// </summary>
    public static double Compute(IPixelSource source, int frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return PixelScan.Otsu(source, frame, cancellationToken);
    }
}
