using CellOps.Sdk.Imaging;
using CellOps.Sdk.Models;

namespace CellOps.Runtime.Translation;

/// <summary>
/// Measures a <see cref="TargetScaling"/> from the paired images of the training micrographs: per
/// channel, the percentiles of all their pixels, from a histogram filled band by band (exact for 8-
/// and 16-bit images, 65,536 bins between the minimum and maximum otherwise).
/// </summary>
public static class TargetScalingMeasure
{
    private const int FloatBins = 65536;
    private const int BandSamples = 1 << 20;

    /// <summary>Measures the scaling of <paramref name="pairs"/> into <paramref name="range"/>.</summary>
    /// <param name="pairs">The training micrographs' pairs; all with the same channel count.</param>
    /// <param name="range">The network's output range.</param>
    /// <param name="cancellation">Stops the scan.</param>
    /// <exception cref="ArgumentException">No pairs, pairs with different channel counts, or a channel with no spread.</exception>
    /// <exception cref="MicrographReadException">A pair cannot be read.</exception>
    public static TargetScaling Measure(IReadOnlyList<Micrograph> pairs, OutputRange range, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0) throw new ArgumentException("There are no paired images to scale targets by.", nameof(pairs));
        if (!(range.High > range.Low)) throw new ArgumentException($"The output range {range} is empty.", nameof(range));
        var first = pairs[0];
        foreach (var pair in pairs)
        {
            if (pair.ChannelCount != first.ChannelCount)
            {
                throw new ArgumentException(
                    $"The paired images differ in channels: '{first.Path ?? first.Name}' has {first.ChannelCount}, '{pair.Path ?? pair.Name}' has {pair.ChannelCount}; " +
                    "every pair of an image-translation set needs the same target channels.");
            }
        }
        int channels = first.ChannelCount;
        bool integral = pairs.All(p => p.PixelType is PixelType.UInt8 or PixelType.UInt16 or PixelType.Bit);
        var (lo, hi) = integral ? (new float[channels], Enumerable.Repeat(65535f, channels).ToArray()) : Ranges(pairs, channels, cancellation);
        var histograms = new long[channels][];
        for (int c = 0; c < channels; c++) histograms[c] = new long[integral ? 65536 : FloatBins];
        foreach (var pair in pairs) Fill(pair, histograms, lo, hi, integral, cancellation);

        var rawLow = new float[channels];
        var rawHigh = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            rawLow[c] = Percentile(histograms[c], OutputRange.LowPercentile, lo[c], hi[c], integral);
            rawHigh[c] = Percentile(histograms[c], OutputRange.HighPercentile, lo[c], hi[c], integral);
            if (!(rawHigh[c] > rawLow[c]))
            {
                throw new ArgumentException(
                    $"Target channel {first.Channels[c].Name} of the paired images is flat (its {OutputRange.LowPercentile}th and {OutputRange.HighPercentile}th percentiles are both {rawLow[c]}); there is nothing to learn.");
            }
        }
        return new TargetScaling
        {
            Channels = first.Channels.Select(ch => ch.Name).ToArray(),
            RawLow = rawLow,
            RawHigh = rawHigh,
            OutputLow = range.Low,
            OutputHigh = range.High,
            TargetPixelType = first.PixelType,
        };
    }

    private static (float[] Lo, float[] Hi) Ranges(IReadOnlyList<Micrograph> pairs, int channels, CancellationToken cancellation)
    {
        var lo = Enumerable.Repeat(float.PositiveInfinity, channels).ToArray();
        var hi = Enumerable.Repeat(float.NegativeInfinity, channels).ToArray();
        foreach (var pair in pairs)
        {
            ForEachBand(pair, cancellation, (c, values) =>
            {
                foreach (float v in values)
                {
                    if (!float.IsFinite(v)) continue;
                    if (v < lo[c]) lo[c] = v;
                    if (v > hi[c]) hi[c] = v;
                }
            });
        }
        for (int c = 0; c < channels; c++)
        {
            if (float.IsInfinity(lo[c])) (lo[c], hi[c]) = (0, 0);
        }
        return (lo, hi);
    }

    private static void Fill(Micrograph pair, long[][] histograms, float[] lo, float[] hi, bool integral, CancellationToken cancellation)
    {
        ForEachBand(pair, cancellation, (c, values) =>
        {
            var histogram = histograms[c];
            int last = histogram.Length - 1;
            if (integral)
            {
                foreach (float v in values) histogram[Math.Clamp((int)v, 0, last)]++;
                return;
            }
            float width = hi[c] - lo[c];
            float scale = width > 0 ? last / width : 0;
            foreach (float v in values)
            {
                if (!float.IsFinite(v)) continue;
                histogram[Math.Clamp((int)((v - lo[c]) * scale), 0, last)]++;
            }
        });
    }

    private delegate void ChannelVisitor(int channel, ReadOnlySpan<float> values);

    private static void ForEachBand(Micrograph micrograph, CancellationToken cancellation, ChannelVisitor visit)
    {
        using var pixels = micrograph.OpenPixels();
        int width = pixels.Width, channels = pixels.ChannelCount;
        int rows = Math.Clamp(BandSamples / Math.Max(1, width * channels), 1, pixels.Height);
        var buffer = new float[checked(rows * width * channels)];
        for (int y = 0; y < pixels.Height; y += rows)
        {
            cancellation.ThrowIfCancellationRequested();
            int n = Math.Min(rows, pixels.Height - y);
            pixels.ReadRegion(0, new PixelRect(0, y, width, n), buffer.AsSpan());
            int plane = n * width;
            for (int c = 0; c < channels; c++) visit(c, buffer.AsSpan(c * plane, plane));
        }
    }

    // The value below which percent % of the pixels lie (the lower edge of the bin where the count crosses).
    private static float Percentile(long[] histogram, double percent, float lo, float hi, bool integral)
    {
        long total = histogram.Sum();
        if (total == 0) return lo;
        double wanted = total * percent / 100.0;
        long seen = 0;
        for (int b = 0; b < histogram.Length; b++)
        {
            seen += histogram[b];
            if (seen >= wanted && seen > 0)
            {
                return integral ? b : lo + b * ((hi - lo) / (histogram.Length - 1));
            }
        }
        return integral ? histogram.Length - 1 : hi;
    }
}
