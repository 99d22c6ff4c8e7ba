using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Tiling;

/// <summary>Whole-image statistics read in horizontal bands, so that no image is held whole.</summary>
internal static class PixelScan
{
    /// <summary>About this many samples per band read.</summary>
    private const int BandSamples = 1 << 20;

    /// <summary>Calls <paramref name="visit"/> with each band's first channel, row by row.</summary>
    public static void ForEachBand(IPixelSource source, int frame, CancellationToken ct, BandVisitor visit)
    {
        int width = source.Width;
        int rowsPerBand = Math.Max(1, BandSamples / Math.Max(1, width * source.ChannelCount));
        rowsPerBand = Math.Min(rowsPerBand, source.Height);
        var buffer = new float[checked(rowsPerBand * width * source.ChannelCount)];
        for (int y = 0; y < source.Height; y += rowsPerBand)
        {
            ct.ThrowIfCancellationRequested();
            int rows = Math.Min(rowsPerBand, source.Height - y);
            source.ReadRegion(frame, new PixelRect(0, y, width, rows), buffer.AsSpan());
            visit(buffer.AsSpan(0, rows * width), y);
        }
    }

    public delegate void BandVisitor(ReadOnlySpan<float> firstChannel, int top);

    /// <summary>Otsu's threshold over the first channel; values above it are the upper class.</summary>
    public static double Otsu(IPixelSource source, int frame, CancellationToken ct)
    {
        var (min, max) = OtsuHistogram.NeedsRange(source.PixelType) ? Range(source, frame, ct) : (0, 0);
        var histogram = new OtsuHistogram(source.PixelType, min, max);
        ForEachBand(source, frame, ct, (band, _) => histogram.Add(band));
        return histogram.Threshold();
    }

    /// <summary>Smallest and largest value of the first channel, ignoring NaN.</summary>
    public static (double Min, double Max) Range(IPixelSource source, int frame, CancellationToken ct)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        ForEachBand(source, frame, ct, (band, _) =>
        {
            float bandMin = float.PositiveInfinity, bandMax = float.NegativeInfinity;
            foreach (float v in band)
            {
                if (v < bandMin) bandMin = v;
                if (v > bandMax) bandMax = v;
            }
            min = Math.Min(min, bandMin);
            max = Math.Max(max, bandMax);
        });
        return float.IsInfinity(min) ? (0, 0) : (min, max);
    }

    /// <summary>
    /// Per channel, the median and robust standard deviation (1.4826 × median absolute deviation)
    /// from a regular subsample of about 65,536 pixels: every k-th column of every k-th row.
    /// Channels are kept apart because stains differ from their background in hue more than in
    /// brightness: a purple nucleus on pink cells hardly changes the channel mean.
    /// </summary>
    public static (float[] Median, float[] Sigma) Background(IPixelSource source, int frame, CancellationToken ct)
    {
        int width = source.Width, height = source.Height, channels = source.ChannelCount;
        int step = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((double)width * height / 65536)));
        int perChannel = ((width + step - 1) / step) * ((height + step - 1) / step);
        var samples = new float[channels][];
        for (int c = 0; c < channels; c++) samples[c] = new float[perChannel];
        var row = new float[width * channels];
        int n = 0;
        for (int y = 0; y < height; y += step)
        {
            ct.ThrowIfCancellationRequested();
            source.ReadRegion(frame, new PixelRect(0, y, width, 1), row.AsSpan());
            for (int x = 0; x < width; x += step, n++)
            {
                for (int c = 0; c < channels; c++) samples[c][n] = row[c * width + x];
            }
        }
        var medians = new float[channels];
        var sigmas = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            var values = samples[c].AsSpan(0, n).ToArray();
            float median = Median(values);
            for (int i = 0; i < values.Length; i++) values[i] = Math.Abs(values[i] - median);
            medians[c] = median;
            sigmas[c] = 1.4826f * Median(values);
        }
        return (medians, sigmas);
    }

    private static float Median(float[] values)
    {
        Array.Sort(values);
        int n = values.Length;
        if (n == 0) return 0;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
